package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WARD-NET-004: patient-api's egress is limited to named peers (the database, Vault, Keycloak,
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
    public boolean appliesTo(List<Resource> resources, List<String> targetKinds) {
        return resources.stream().anyMatch(r -> DatabaseReachabilityCheck.isComponent(r, DatabaseReachabilityCheck.APP_COMPONENT));
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        // Policies only select pods of their own namespace: index once to stay linear in the input.
        Map<String, List<Resource>> policiesByNamespace = new HashMap<>();
        for (Resource resource : resources) {
            if (resource.isKind("NetworkPolicy")) {
                policiesByNamespace.computeIfAbsent(resource.namespace(), k -> new ArrayList<>()).add(resource);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource api : resources) {
            if (!DatabaseReachabilityCheck.isComponent(api, DatabaseReachabilityCheck.APP_COMPONENT)) {
                continue;
            }
            JsonNode labels = PodSpecs.podLabels(api);
            boolean isolated = false;
            for (Resource policy : policiesByNamespace.getOrDefault(api.namespace(), List.of())) {
                if (!policy.isKind("NetworkPolicy") || !policy.namespace().equals(api.namespace())
                        || !LabelSelectors.matches(policy.body().path("spec").path("podSelector"), labels)
                        || !governsEgress(policy.body().path("spec"))) {
                    continue;
                }
                isolated = true;
                checkRules(api, policy, findings);
            }
            if (!isolated) {
                findings.add(new Finding(CONTROL_ID, api.file(), api.kind(), api.namespace(), api.name(),
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
                if ("0.0.0.0/0".equals(cidr) || "::/0".equals(cidr)) {
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

    // Egress is governed when listed, or, with policyTypes absent, when egress rules exist (the API's inference).
    private static boolean governsEgress(JsonNode spec) {
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return spec.has("egress");
        }
        for (JsonNode type : types) {
            if ("Egress".equals(type.asText())) {
                return true;
            }
        }
        return false;
    }
}
