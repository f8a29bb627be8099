package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * WARD-NET-001: each namespace that runs workloads has a default-deny NetworkPolicy, i.e. one that
 * selects every pod (empty podSelector), governs both directions and allows nothing. Allow rules
 * belong in separate, narrow policies so that the deny stays obviously total.
 */
public final class DefaultDenyNetworkPolicyCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-001";

    private static final String FIX_PATH = "NetworkPolicy spec.podSelector: {}, spec.policyTypes: [Ingress, Egress]";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        // The first workload (in input order) stands for its namespace in the finding.
        Map<String, Resource> workloadsByNamespace = new TreeMap<>();
        for (Resource resource : index.workloads()) {
            workloadsByNamespace.putIfAbsent(resource.namespace(), resource);
        }
        Set<String> deniedNamespaces = new HashSet<>();
        for (Resource resource : index.ofKind("NetworkPolicy")) {
            if (isDefaultDenyAll(resource.body().path("spec"))) {
                deniedNamespaces.add(resource.namespace());
            }
        }
        List<Finding> findings = new ArrayList<>();
        workloadsByNamespace.forEach((namespace, workload) -> {
            if (!deniedNamespaces.contains(namespace)) {
                findings.add(Finding.near(CONTROL_ID, workload, "Namespace", namespace, namespace, FIX_PATH,
                        "namespace \"" + namespace + "\" runs workloads (e.g. " + workload.kind() + " \""
                                + workload.name() + "\") but has no default-deny NetworkPolicy; add a NetworkPolicy"
                                + " with spec.podSelector: {}, spec.policyTypes: [Ingress, Egress] and no rules"));
            }
        });
        return findings;
    }

    static boolean isDefaultDenyAll(JsonNode spec) {
        return selectsAllPods(spec.path("podSelector"))
                && hasPolicyType(spec, "Ingress")
                && hasPolicyType(spec, "Egress")
                && isEmpty(spec.path("ingress"))
                && isEmpty(spec.path("egress"));
    }

    private static boolean selectsAllPods(JsonNode selector) {
        return isEmpty(selector) || (isEmpty(selector.path("matchLabels")) && isEmpty(selector.path("matchExpressions")));
    }

    private static boolean hasPolicyType(JsonNode spec, String type) {
        for (JsonNode policyType : spec.path("policyTypes")) {
            if (type.equals(policyType.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEmpty(JsonNode node) {
        return node.isMissingNode() || node.isNull() || ((node.isArray() || node.isObject()) && node.isEmpty());
    }
}
