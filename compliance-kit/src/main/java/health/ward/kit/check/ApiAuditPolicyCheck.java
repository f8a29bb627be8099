package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * WARD-AUD-003: the kube-apiserver audit Policy records what an operator does to PHI workloads
 * without recording Secret values.
 *
 * <p>Audit rules are first-match, so the checker replays typical requests of a human operator
 * in a PHI namespace through the rules and judges the level of the first rule that matches:
 * reading a Secret must be logged at Metadata (at Request or RequestResponse the log would hold
 * the credentials), exec, attach and port-forward into a pod and changes to workloads must be
 * logged at all (not None; no matching rule also means None).
 */
public final class ApiAuditPolicyCheck implements Check {

    public static final String CONTROL_ID = "WARD-AUD-003";

    record Request(String description, String verb, String group, String resource, boolean secretValues) {
    }

    static final String USER = "ada@example.org";
    static final List<String> GROUPS = List.of("ward-operators-admin", "system:authenticated");
    static final String NAMESPACE = "ward";

    static final List<Request> REQUESTS = List.of(
            new Request("reading a Secret", "get", "", "secrets", true),
            new Request("listing Secrets", "list", "", "secrets", true),
            new Request("exec into a pod", "create", "", "pods/exec", false),
            new Request("attaching to a pod", "create", "", "pods/attach", false),
            new Request("port-forwarding to a pod", "create", "", "pods/portforward", false),
            new Request("changing a Deployment", "patch", "apps", "deployments", false),
            new Request("deleting a StatefulSet", "delete", "apps", "statefulsets", false));

    private static final Set<String> BODY_LEVELS = Set.of("Request", "RequestResponse");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex input) {
        List<Resource> resources = input.ofKind("Policy");
        List<Finding> findings = new ArrayList<>();
        for (Resource policy : resources) {
            if (!policy.isKind("Policy") || !policy.body().path("apiVersion").asText().startsWith("audit.k8s.io/")) {
                continue;
            }
            JsonNode rules = policy.body().path("rules");
            for (Request request : REQUESTS) {
                int index = firstMatch(rules, request);
                String level = index < 0 ? "None" : rules.get(index).path("level").asText("None");
                String path = index < 0 ? "rules" : "rules[" + index + "].level";
                String by = index < 0 ? "no rule matches it" : "rule " + index + " matches it first";
                if ("None".equals(level)) {
                    findings.add(Finding.of(CONTROL_ID, policy, path, "audit Policy does not record " + request.description()
                            + " (" + by + ", level None); log it at Metadata or higher in " + path));
                } else if (request.secretValues() && BODY_LEVELS.contains(level)) {
                    findings.add(Finding.of(CONTROL_ID, policy, path, "audit Policy records " + request.description()
                            + " at " + level + " (" + by + "), which writes Secret values into the audit log; set " + path
                            + " to Metadata for secrets"));
                }
            }
        }
        return findings;
    }

    private static int firstMatch(JsonNode rules, Request request) {
        for (int i = 0; i < rules.size(); i++) {
            if (matches(rules.get(i), request)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(JsonNode rule, Request request) {
        if (rule.has("users") && !contains(rule.path("users"), USER)) {
            return false;
        }
        if (rule.has("userGroups") && GROUPS.stream().noneMatch(g -> contains(rule.path("userGroups"), g))) {
            return false;
        }
        if (rule.has("verbs") && !contains(rule.path("verbs"), request.verb()) && !contains(rule.path("verbs"), "*")) {
            return false;
        }
        if (rule.has("namespaces") && !rule.path("namespaces").isEmpty() && !contains(rule.path("namespaces"), NAMESPACE)) {
            return false;
        }
        // A rule limited to non-resource URLs never matches a resource request.
        if (rule.has("nonResourceURLs") && !rule.has("resources")) {
            return false;
        }
        if (!rule.has("resources") || rule.path("resources").isEmpty()) {
            return true;
        }
        for (JsonNode kinds : rule.path("resources")) {
            if (!kinds.path("group").asText("").equals(request.group()) && !"*".equals(kinds.path("group").asText())) {
                continue;
            }
            if (!kinds.has("resources") || kinds.path("resources").isEmpty() || coversResource(kinds.path("resources"), request.resource())) {
                return true;
            }
        }
        return false;
    }

    // "pods" does not cover "pods/exec"; "pods/*" and "*/exec" do, as does "*".
    private static boolean coversResource(JsonNode names, String resource) {
        String[] parts = resource.split("/", 2);
        for (JsonNode name : names) {
            String n = name.asText();
            if (n.equals(resource) || n.equals("*")) {
                return true;
            }
            if (parts.length == 2 && (n.equals(parts[0] + "/*") || n.equals("*/" + parts[1]))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
