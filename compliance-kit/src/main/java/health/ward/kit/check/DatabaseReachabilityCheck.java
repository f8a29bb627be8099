package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WARD-NET-002: computes, from the NetworkPolicies in the input, which sources can open a
 * connection to the database port (pods labelled component records-db, TCP 5432) and reports
 * every source that is not patient-api.
 *
 * <p>Semantics follow the NetworkPolicy API: a pod selected by no ingress policy accepts
 * everything; policies are additive; a rule without {@code from} admits every source and one
 * without {@code ports} every port; policyTypes, when missing, is inferred as Ingress (plus Egress
 * if egress rules exist). A peer's podSelector is evaluated against the workloads in the input;
 * a namespaceSelector that can select namespaces other than the policy's own is reported, since
 * the pods there are outside what was audited. Only the receiving side is judged: egress
 * policies of the sources can narrow reachability further, but cannot be relied on for pods in
 * other namespaces.
 */
public final class DatabaseReachabilityCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-002";

    static final int DB_PORT = 5432;
    static final String DB_COMPONENT = "records-db";
    static final String APP_COMPONENT = "patient-api";
    private static final List<String> COMPONENT_KEYS = List.of("app.kubernetes.io/component", "component");
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    /** Applies when the input runs the database; NetworkPolicies alone say nothing about it. */
    @Override
    public boolean appliesTo(List<Resource> resources, List<String> targetKinds) {
        return resources.stream().anyMatch(r -> isComponent(r, DB_COMPONENT));
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        // NetworkPolicies and podSelectors only ever reach within one namespace: index once, so a
        // cluster export with thousands of namespaces stays linear.
        Map<String, List<Resource>> byNamespace = new HashMap<>();
        for (Resource resource : resources) {
            byNamespace.computeIfAbsent(resource.namespace(), k -> new ArrayList<>()).add(resource);
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource db : resources) {
            if (isComponent(db, DB_COMPONENT)) {
                checkDatabase(db, byNamespace.get(db.namespace()), findings);
            }
        }
        return findings;
    }

    /** @param resources the objects of the database's namespace */
    private void checkDatabase(Resource db, List<Resource> resources, List<Finding> findings) {
        JsonNode dbLabels = PodSpecs.podLabels(db);
        List<Resource> isolating = new ArrayList<>();
        for (Resource policy : resources) {
            if (policy.isKind("NetworkPolicy") && policy.namespace().equals(db.namespace())
                    && LabelSelectors.matches(policy.body().path("spec").path("podSelector"), dbLabels)) {
                lintPolicy(policy, findings);
                if (governsIngress(policy.body().path("spec"))) {
                    isolating.add(policy);
                }
            }
        }
        String what = db.kind() + " \"" + db.name() + "\" port " + DB_PORT;
        if (isolating.isEmpty()) {
            findings.add(new Finding(CONTROL_ID, db.file(), db.kind(), db.namespace(), db.name(),
                    "NetworkPolicy spec.podSelector",
                    what + " is reachable from every pod in the cluster: no NetworkPolicy in namespace \""
                            + db.namespace() + "\" selects its pods for Ingress; add one whose spec.podSelector matches"
                            + " them with a single from.podSelector for patient-api"));
            return;
        }
        for (Resource policy : isolating) {
            JsonNode rules = policy.body().path("spec").path("ingress");
            for (int r = 0; r < rules.size(); r++) {
                JsonNode rule = rules.get(r);
                if (!coversDbPort(rule.path("ports"), db)) {
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
                    checkPeer(policy, db, what, from.get(p), rulePath + ".from[" + p + "]", resources, findings);
                }
            }
        }
    }

    private void checkPeer(Resource policy, Resource db, String what, JsonNode peer, String path,
            List<Resource> resources, List<Finding> findings) {
        if (peer.has("ipBlock")) {
            String cidr = peer.path("ipBlock").path("cidr").asText("");
            String scope = "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr) ? "every address" : "addresses in " + cidr;
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
        for (Resource source : resources) {
            if (PodSpecs.WORKLOAD_KINDS.contains(source.kind()) && source.namespace().equals(policy.namespace())
                    && !isComponent(source, APP_COMPONENT)
                    && LabelSelectors.matches(podSelector, PodSpecs.podLabels(source))) {
                findings.add(Finding.of(CONTROL_ID, policy, path + ".podSelector", what + " is reachable from "
                        + source.kind() + " \"" + source.name() + "\", which is not patient-api; narrow " + path
                        + ".podSelector to patient-api's labels"));
            }
        }
    }

    // Ingress is governed when listed, or, with policyTypes absent, always (the API's inference).
    private static boolean governsIngress(JsonNode spec) {
        JsonNode types = spec.path("policyTypes");
        if (types.isMissingNode() || types.isEmpty()) {
            return true;
        }
        for (JsonNode type : types) {
            if ("Ingress".equals(type.asText())) {
                return true;
            }
        }
        return false;
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
                if ("0.0.0.0/0".equals(cidr) || "::/0".equals(cidr)) {
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

    private static boolean coversDbPort(JsonNode ports, Resource db) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode port : ports) {
            if (!"TCP".equals(port.path("protocol").asText("TCP"))) {
                continue;
            }
            JsonNode number = port.path("port");
            if (number.isMissingNode() || number.isNull()) {
                return true;
            }
            if (number.isInt()) {
                int end = port.path("endPort").asInt(number.intValue());
                if (number.intValue() <= DB_PORT && DB_PORT <= end) {
                    return true;
                }
            } else if (namedPortIsDbPort(number.asText(), db)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namedPortIsDbPort(String name, Resource db) {
        for (PodSpecs.Container container : PodSpecs.containers(db)) {
            for (JsonNode port : container.node().path("ports")) {
                if (name.equals(port.path("name").asText()) && port.path("containerPort").asInt() == DB_PORT) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isComponent(Resource resource, String component) {
        if (!PodSpecs.WORKLOAD_KINDS.contains(resource.kind())) {
            return false;
        }
        JsonNode labels = PodSpecs.podLabels(resource);
        return COMPONENT_KEYS.stream().anyMatch(key -> component.equals(labels.path(key).asText(null)));
    }
}
