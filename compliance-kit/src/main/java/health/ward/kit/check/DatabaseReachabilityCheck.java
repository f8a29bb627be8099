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
 * WARD-NET-002: computes, from the NetworkPolicies in the input, which sources can open a
 * connection to the database port (TCP 5432 of the database, recognised by what it runs and
 * serves as well as by Ward's labels: {@link WorkloadRoles}) and reports every source that is
 * not patient-api.
 *
 * <p>Semantics follow the NetworkPolicy API: a pod selected by no ingress policy accepts
 * everything; policies are additive; a rule without {@code from} admits every source and one
 * without {@code ports} every port; policyTypes, when missing, is inferred as Ingress (plus Egress
 * if egress rules exist). A peer's podSelector is evaluated against the workloads in the input;
 * a namespaceSelector that can select namespaces other than the policy's own is reported, since
 * the pods there are outside what was audited. Only the receiving side is judged: egress
 * policies of the sources can narrow reachability further, but cannot be relied on for pods in
 * other namespaces.
 *
 * <p>Policies are related to pods from the policy's side, through the {@link ResourceIndex}:
 * each policy's selectors are evaluated once, never once per database.
 */
public final class DatabaseReachabilityCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-002";

    static final int DB_PORT = WorkloadRoles.DB_PORT;
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    /** Applies when the input runs the database; NetworkPolicies alone say nothing about it. */
    @Override
    public boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return !index.roles().databases().isEmpty();
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        WorkloadRoles roles = index.roles();
        List<Finding> findings = new ArrayList<>();
        // Which policies select each database, found from each policy's side. Policies with an
        // empty podSelector select every pod of their namespace: whether one isolates ingress is
        // kept per namespace, and only those with ingress rules are walked per database, so a
        // default deny per release (hundreds in one namespace) costs nothing per database.
        Map<Resource, List<Resource>> selecting = new IdentityHashMap<>();
        Set<String> isolatedNamespaces = new HashSet<>();
        Map<String, List<Resource>> namespaceWideRules = new HashMap<>();
        Set<String> namespacesWithDatabase = new HashSet<>();
        roles.databases().forEach(db -> namespacesWithDatabase.add(db.namespace()));
        for (Resource policy : index.ofKind("NetworkPolicy")) {
            JsonNode podSelector = policy.body().path("spec").path("podSelector");
            boolean selectsDatabase = false;
            if (LabelSelectors.isEmpty(podSelector)) {
                JsonNode spec = policy.body().path("spec");
                if (NetworkPolicies.governsIngress(spec)) {
                    isolatedNamespaces.add(policy.namespace());
                    if (!spec.path("ingress").isEmpty()) {
                        namespaceWideRules.computeIfAbsent(policy.namespace(), k -> new ArrayList<>()).add(policy);
                    }
                }
                selectsDatabase = namespacesWithDatabase.contains(policy.namespace());
            } else {
                for (Resource workload : index.workloadsSelectedBy(policy.namespace(), podSelector)) {
                    if (roles.isDatabase(workload)) {
                        selecting.computeIfAbsent(workload, k -> new ArrayList<>()).add(policy);
                        selectsDatabase = true;
                    }
                }
            }
            if (selectsDatabase) {
                lintPolicy(policy, findings);
            }
        }
        for (Resource db : roles.databases()) {
            List<Resource> policies = new ArrayList<>(selecting.getOrDefault(db, List.of()));
            policies.addAll(namespaceWideRules.getOrDefault(db.namespace(), List.of()));
            checkDatabase(db, policies, isolatedNamespaces.contains(db.namespace()), index, findings);
        }
        return findings;
    }

    /**
     * @param policies the NetworkPolicies that select the database's pods (namespace-wide ones only when they have ingress rules)
     * @param isolated whether a namespace-wide policy already isolates the database's pods for ingress
     */
    private void checkDatabase(Resource db, List<Resource> policies, boolean isolated, ResourceIndex index,
            List<Finding> findings) {
        String what = db.kind() + " \"" + db.name() + "\" port " + DB_PORT;
        for (Resource policy : policies) {
            if (!NetworkPolicies.governsIngress(policy.body().path("spec"))) {
                continue;
            }
            isolated = true;
            JsonNode rules = policy.body().path("spec").path("ingress");
            for (int r = 0; r < rules.size(); r++) {
                JsonNode rule = rules.get(r);
                if (!NetworkPolicies.coversPort(rule.path("ports"), db, DB_PORT)) {
                    continue;
                }
                String rulePath = "spec.ingress[" + r + "]";
                JsonNode from = rule.path("from");
                if (from.isMissingNode() || from.isEmpty()) {
                    findings.add(Finding.of(CONTROL_ID, policy, rulePath + ".from", what
                            + " is open to every source: the rule has no from; set " + rulePath
                            + ".from to a podSelector for patient-api"));
                    continue;
                }
                for (int p = 0; p < from.size(); p++) {
                    checkPeer(policy, what, from.get(p), rulePath + ".from[" + p + "]", index, findings);
                }
            }
        }
        if (!isolated) {
            findings.add(Finding.near(CONTROL_ID, db, db.kind(), db.namespace(), db.name(),
                    "NetworkPolicy spec.podSelector",
                    what + " is reachable from every pod in the cluster: no NetworkPolicy in namespace \""
                            + db.namespace() + "\" selects its pods for Ingress; add one whose spec.podSelector matches"
                            + " them with a single from.podSelector for patient-api"));
        }
    }

    private void checkPeer(Resource policy, String what, JsonNode peer, String path, ResourceIndex index,
            List<Finding> findings) {
        if (peer.has("ipBlock")) {
            String cidr = peer.path("ipBlock").path("cidr").asText("");
            String scope = NetworkPolicies.isAnyAddress(cidr) ? "every address" : "addresses in " + cidr;
            findings.add(Finding.of(CONTROL_ID, policy, path + ".ipBlock", what + " is open to " + scope
                    + " via an ipBlock, not only to patient-api; replace " + path + " with a podSelector for patient-api"));
            return;
        }
        JsonNode podSelector = peer.path("podSelector");
        if (peer.has("namespaceSelector") && !selectsOnlyOwnNamespace(peer.path("namespaceSelector"), policy.namespace())) {
            String scope = LabelSelectors.isEmpty(peer.path("namespaceSelector"))
                    ? "pods in every namespace (namespaceSelector: {})" : "pods in other namespaces";
            findings.add(Finding.of(CONTROL_ID, policy, path + ".namespaceSelector", what + " is open to " + scope
                    + ", which this audit cannot see; remove " + path + ".namespaceSelector and select patient-api's pods"));
            return;
        }
        if (LabelSelectors.isEmpty(podSelector)) {
            findings.add(Finding.of(CONTROL_ID, policy, path + ".podSelector", what
                    + " is open to every pod in namespace \"" + policy.namespace() + "\" (empty podSelector); set "
                    + path + ".podSelector to patient-api's labels"));
            return;
        }
        for (Resource source : index.workloadsSelectedBy(policy.namespace(), podSelector)) {
            if (!index.roles().isApi(source)) {
                findings.add(Finding.of(CONTROL_ID, policy, path + ".podSelector", what + " is reachable from "
                        + source.kind() + " \"" + source.name() + "\", which is not patient-api; narrow " + path
                        + ".podSelector to patient-api's labels"));
            }
        }
    }

    /** Patterns that read as restrictive but are not, in any policy that selects the database. */
    private void lintPolicy(Resource policy, List<Finding> findings) {
        JsonNode spec = policy.body().path("spec");
        if (spec.path("policyTypes").isMissingNode() || spec.path("policyTypes").isEmpty()) {
            String inferred = spec.has("egress") ? "[Ingress, Egress]" : "[Ingress] only, so it restricts no egress";
            findings.add(Finding.of(CONTROL_ID, policy, "spec.policyTypes", "NetworkPolicy \"" + policy.name()
                    + "\" selects the database but has no policyTypes; Kubernetes infers " + inferred
                    + "; set spec.policyTypes explicitly"));
        }
        JsonNode egress = spec.path("egress");
        for (int r = 0; r < egress.size(); r++) {
            JsonNode to = egress.get(r).path("to");
            for (int p = 0; p < to.size(); p++) {
                String cidr = to.get(p).path("ipBlock").path("cidr").asText("");
                if (NetworkPolicies.isAnyAddress(cidr)) {
                    String path = "spec.egress[" + r + "].to[" + p + "].ipBlock";
                    findings.add(Finding.of(CONTROL_ID, policy, path, "NetworkPolicy \"" + policy.name()
                            + "\" lets the database connect to every address (" + cidr + "); replace " + path
                            + " with the peers it needs"));
                }
            }
        }
    }

    private static boolean selectsOnlyOwnNamespace(JsonNode namespaceSelector, String namespace) {
        return namespaceSelector.path("matchExpressions").isEmpty()
                && namespaceSelector.path("matchLabels").size() >= 1
                && namespace.equals(namespaceSelector.path("matchLabels").path(NAMESPACE_NAME_LABEL).asText(null));
    }
}
