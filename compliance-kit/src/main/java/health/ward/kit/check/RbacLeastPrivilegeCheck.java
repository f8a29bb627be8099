package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * WARD-IAM-002: Roles and ClusterRoles grant no wildcard, no read of Secrets and no escalate,
 * bind or impersonate; no binding grants cluster-admin or puts a subject in system:masters.
 *
 * <p>A finding sits on the rule to change, and names the subjects that hold it through the
 * bindings in the input (the effective permission), so a reviewer sees who is affected. A role
 * bound to nobody is still reported: binding it later must not be the moment a wildcard appears.
 */
public final class RbacLeastPrivilegeCheck implements Check {

    public static final String CONTROL_ID = "WARD-IAM-002";

    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch", "*");
    private static final List<String> DANGEROUS_VERBS = List.of("escalate", "bind", "impersonate");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.ofKinds(List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"));
        Map<String, Set<String>> holders = subjectsByRole(resources);
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.isKind("Role") || resource.isKind("ClusterRole")) {
                checkRole(resource, holders.getOrDefault(roleKey(resource.kind(), resource.namespace(), resource.name()),
                        Set.of()), findings);
            } else if (resource.isKind("RoleBinding") || resource.isKind("ClusterRoleBinding")) {
                checkBinding(resource, findings);
            }
        }
        return findings;
    }

    private void checkRole(Resource role, Set<String> subjects, List<Finding> findings) {
        String who = subjects.isEmpty() ? " (bound to no subject in the input)" : " (held by " + String.join(", ", subjects) + ")";
        String label = role.kind() + " \"" + role.name() + "\"" + who;
        JsonNode rules = role.body().path("rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String path = "rules[" + i + "]";
            for (String field : List.of("apiGroups", "resources", "verbs")) {
                if (contains(rule.path(field), "*")) {
                    findings.add(Finding.of(CONTROL_ID, role, path + "." + field, label + " grants \"*\" in " + path + "."
                            + field + ", which includes every present and future value; list the " + field + " it needs"));
                }
            }
            boolean coreGroup = contains(rule.path("apiGroups"), "") || contains(rule.path("apiGroups"), "*");
            boolean secrets = contains(rule.path("resources"), "secrets") || contains(rule.path("resources"), "*");
            Set<String> reads = new TreeSet<>();
            rule.path("verbs").forEach(v -> {
                if (READ_VERBS.contains(v.asText())) {
                    reads.add(v.asText());
                }
            });
            if (coreGroup && secrets && !reads.isEmpty()) {
                findings.add(Finding.of(CONTROL_ID, role, path + ".verbs", label + " can read Secrets (" + String.join(", ", reads)
                        + "), which hold the database and Vault credentials; remove get, list and watch on secrets from "
                        + path + ".verbs"));
            }
            for (String verb : DANGEROUS_VERBS) {
                if (contains(rule.path("verbs"), verb)) {
                    findings.add(Finding.of(CONTROL_ID, role, path + ".verbs", label + " grants " + verb
                            + ", which lets it obtain permissions it does not have; remove it from " + path + ".verbs"));
                }
            }
        }
    }

    private void checkBinding(Resource binding, List<Finding> findings) {
        JsonNode roleRef = binding.body().path("roleRef");
        if ("ClusterRole".equals(roleRef.path("kind").asText()) && "cluster-admin".equals(roleRef.path("name").asText())) {
            findings.add(Finding.of(CONTROL_ID, binding, "roleRef.name", binding.kind() + " \"" + binding.name()
                    + "\" grants cluster-admin to " + String.join(", ", subjects(binding))
                    + "; bind a narrowly scoped Role instead in roleRef.name"));
        }
        JsonNode subjects = binding.body().path("subjects");
        for (int i = 0; i < subjects.size(); i++) {
            if ("Group".equals(subjects.get(i).path("kind").asText()) && "system:masters".equals(subjects.get(i).path("name").asText())) {
                findings.add(Finding.of(CONTROL_ID, binding, "subjects[" + i + "]", binding.kind() + " \"" + binding.name()
                        + "\" names group system:masters, which bypasses RBAC entirely; remove subjects[" + i + "]"));
            }
        }
    }

    /** Who holds each role, keyed like {@link #roleKey}; a RoleBinding may also reference a ClusterRole. */
    private static Map<String, Set<String>> subjectsByRole(List<Resource> resources) {
        Map<String, Set<String>> holders = new TreeMap<>();
        for (Resource binding : resources) {
            if (!binding.isKind("RoleBinding") && !binding.isKind("ClusterRoleBinding")) {
                continue;
            }
            JsonNode roleRef = binding.body().path("roleRef");
            String kind = roleRef.path("kind").asText();
            String key = roleKey(kind, binding.namespace(), roleRef.path("name").asText());
            holders.computeIfAbsent(key, k -> new TreeSet<>()).addAll(subjects(binding));
        }
        return holders;
    }

    private static String roleKey(String kind, String namespace, String name) {
        return "ClusterRole".equals(kind) ? "ClusterRole/" + name : "Role/" + namespace + "/" + name;
    }

    private static List<String> subjects(Resource binding) {
        List<String> names = new ArrayList<>();
        for (JsonNode subject : binding.body().path("subjects")) {
            String namespace = subject.path("namespace").asText("");
            names.add(subject.path("kind").asText() + " " + (namespace.isEmpty() ? "" : namespace + "/")
                    + subject.path("name").asText());
        }
        return names;
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
