package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WARD-NET-004: patient-api's egress (patient-api recognised by its component or name label, see
 * {@link WorkloadRoles}) is limited to named peers (the database, Vault, Keycloak,
 * DNS and the mesh control plane its sidecar needs).
 *
 * <p>Which named peers are right is the chart's decision; what the checker rejects is egress that
 * is not named at all: no policy isolating patient-api for Egress (everything allowed), a rule
 * without {@code to}, an empty podSelector alone (every pod of the namespace), a
 * namespaceSelector {} (every namespace) or an ipBlock of 0.0.0.0/0 or ::/0.
 */
public final class ApiEgressCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-004";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return index.roles().hasApi();
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        WorkloadRoles roles = index.roles();
        // Policies are related to patient-api from the policy's side, each selector evaluated once;
        // those with an empty podSelector cover the whole namespace and are kept per namespace.
        Map<Resource, List<Resource>> selecting = new IdentityHashMap<>();
        Set<String> isolatedNamespaces = new HashSet<>();
        Map<String, List<Resource>> namespaceWideRules = new HashMap<>();
        for (Resource policy : index.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.body().path("spec");
            if (!NetworkPolicies.governsEgress(spec)) {
                continue;
            }
            if (LabelSelectors.isEmpty(spec.path("podSelector"))) {
                isolatedNamespaces.add(policy.namespace());
                if (!spec.path("egress").isEmpty()) {
                    namespaceWideRules.computeIfAbsent(policy.namespace(), k -> new ArrayList<>()).add(policy);
                }
                continue;
            }
            for (Resource workload : index.workloadsSelectedBy(policy.namespace(), spec.path("podSelector"))) {
                if (roles.isApi(workload)) {
                    selecting.computeIfAbsent(workload, k -> new ArrayList<>()).add(policy);
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource api : index.workloads()) {
            if (!roles.isApi(api)) {
                continue;
            }
            List<Resource> policies = new ArrayList<>(selecting.getOrDefault(api, List.of()));
            policies.addAll(namespaceWideRules.getOrDefault(api.namespace(), List.of()));
            for (Resource policy : policies) {
                checkRules(api, policy, findings);
            }
            if (!isolatedNamespaces.contains(api.namespace()) && !selecting.containsKey(api)) {
                findings.add(Finding.near(CONTROL_ID, api, api.kind(), api.namespace(), api.name(),
                        "NetworkPolicy spec.policyTypes: [Egress]", api.kind() + " \"" + api.name()
                                + "\" may connect anywhere: no NetworkPolicy in namespace \"" + api.namespace()
                                + "\" selects its pods for Egress; add a default deny and egress rules naming the database,"
                                + " Vault, Keycloak and DNS"));
            }
        }
        return findings;
    }

    private void checkRules(Resource api, Resource policy, List<Finding> findings) {
        String who = api.kind() + " \"" + api.name() + "\"";
        JsonNode rules = policy.body().path("spec").path("egress");
        for (int r = 0; r < rules.size(); r++) {
            String rulePath = "spec.egress[" + r + "]";
            JsonNode to = rules.get(r).path("to");
            if (to.isMissingNode() || to.isEmpty()) {
                findings.add(Finding.of(CONTROL_ID, policy, rulePath + ".to", who + " may connect to every destination: the"
                        + " rule has no to; set " + rulePath + ".to to the peers it needs"));
                continue;
            }
            for (int p = 0; p < to.size(); p++) {
                JsonNode peer = to.get(p);
                String path = rulePath + ".to[" + p + "]";
                String cidr = peer.path("ipBlock").path("cidr").asText("");
                if (NetworkPolicies.isAnyAddress(cidr)) {
                    findings.add(Finding.of(CONTROL_ID, policy, path + ".ipBlock", who + " may connect to every address ("
                            + cidr + "); replace " + path + ".ipBlock with the addresses it needs"));
                } else if (peer.has("namespaceSelector") && LabelSelectors.isEmpty(peer.path("namespaceSelector"))) {
                    findings.add(Finding.of(CONTROL_ID, policy, path + ".namespaceSelector", who + " may connect to pods in"
                            + " every namespace (namespaceSelector: {}); name the namespace in " + path + ".namespaceSelector"));
                } else if (!peer.has("namespaceSelector") && !peer.has("ipBlock")
                        && LabelSelectors.isEmpty(peer.path("podSelector"))) {
                    findings.add(Finding.of(CONTROL_ID, policy, path + ".podSelector", who + " may connect to every pod in"
                            + " namespace \"" + policy.namespace() + "\" (empty podSelector); name the peer in " + path
                            + ".podSelector"));
                }
            }
        }
    }
}
