package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * WARD-IAM-003: people reach the cluster through groups, and there is a view-only role for them.
 *
 * <p>Human subjects are Users and Groups (ServiceAccounts are workloads, judged by IAM-002/005).
 * A binding naming a User is reported: access then lives in the cluster, not in the identity
 * provider where it is reviewed. When roles are bound to groups but none of them is view-only
 * (verbs get, list, watch only), every operator can change PHI workloads, which is reported on
 * each binding. Roles bound by name but not in the input are not judged.
 */
public final class OperatorRoleSeparationCheck implements Check {

    public static final String CONTROL_ID = "WARD-IAM-003";

    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return index.ofKinds(List.of("RoleBinding", "ClusterRoleBinding")).stream().anyMatch(r -> !humanSubjects(r).isEmpty());
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.ofKinds(List.of("Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"));
        Map<String, Resource> roles = new HashMap<>();
        for (Resource role : resources) {
            if (role.isKind("Role")) {
                roles.put("Role/" + role.namespace() + "/" + role.name(), role);
            } else if (role.isKind("ClusterRole")) {
                roles.put("ClusterRole/" + role.name(), role);
            }
        }
        List<Finding> findings = new ArrayList<>();
        List<Resource> groupBindings = new ArrayList<>();
        boolean viewOnlyBound = false;
        for (Resource binding : resources) {
            if (!isBinding(binding)) {
                continue;
            }
            JsonNode subjects = binding.body().path("subjects");
            boolean boundToGroup = false;
            for (int i = 0; i < subjects.size(); i++) {
                String kind = subjects.get(i).path("kind").asText();
                if ("User".equals(kind)) {
                    findings.add(Finding.of(CONTROL_ID, binding, "subjects[" + i + "]", binding.kind() + " \"" + binding.name()
                            + "\" binds user \"" + subjects.get(i).path("name").asText() + "\" directly; bind a group from"
                            + " the identity provider instead in subjects[" + i + "]"));
                }
                boundToGroup |= "Group".equals(kind);
            }
            if (boundToGroup) {
                groupBindings.add(binding);
                Resource role = roles.get(roleKey(binding));
                viewOnlyBound |= role != null && isViewOnly(role);
            }
        }
        if (!viewOnlyBound) {
            for (Resource binding : groupBindings) {
                findings.add(Finding.of(CONTROL_ID, binding, "roleRef", binding.kind() + " \"" + binding.name()
                        + "\" gives its groups a role that can change the cluster, and no view-only role (get, list, watch)"
                        + " is bound to any group; bind a view-only Role to the operators who only need to look"));
            }
        }
        return findings;
    }

    private static boolean isBinding(Resource r) {
        return r.isKind("RoleBinding") || r.isKind("ClusterRoleBinding");
    }

    private static List<JsonNode> humanSubjects(Resource binding) {
        List<JsonNode> humans = new ArrayList<>();
        binding.body().path("subjects").forEach(s -> {
            if ("User".equals(s.path("kind").asText()) || "Group".equals(s.path("kind").asText())) {
                humans.add(s);
            }
        });
        return humans;
    }

    private static String roleKey(Resource binding) {
        JsonNode roleRef = binding.body().path("roleRef");
        return "ClusterRole".equals(roleRef.path("kind").asText()) ? "ClusterRole/" + roleRef.path("name").asText()
                : "Role/" + binding.namespace() + "/" + roleRef.path("name").asText();
    }

    private static boolean isViewOnly(Resource role) {
        JsonNode rules = role.body().path("rules");
        if (rules.isEmpty()) {
            return false;
        }
        for (JsonNode rule : rules) {
            for (JsonNode verb : rule.path("verbs")) {
                if (!READ_VERBS.contains(verb.asText())) {
                    return false;
                }
            }
        }
        return true;
    }
}
