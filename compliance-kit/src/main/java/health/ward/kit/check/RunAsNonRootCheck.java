package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WARD-POL-001, with the same semantics and messages as the Gatekeeper policy
 * (policies/src/ward-pol-001-run-as-non-root/src.rego): the container-level securityContext field
 * wins over the pod-level one, so a container cannot opt back into root.
 */
public final class RunAsNonRootCheck implements Check {

    public static final String CONTROL_ID = "WARD-POL-001";

    private static final Map<String, String> CONTAINER_FIELDS = Map.of(
            "containers", "container",
            "initContainers", "initContainer",
            "ephemeralContainers", "ephemeralContainer");

    // Fixed order so findings come out the same way as the policy evaluates them.
    private static final List<String> FIELD_ORDER = List.of("containers", "initContainers", "ephemeralContainers");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.workloads();
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : resources) {
            PodSpecs.of(resource).ifPresent(pod -> checkPod(resource, pod, findings));
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
        return findings;
    }

    private void checkPod(Resource resource, PodSpecs.Located pod, List<Finding> findings) {
        JsonNode podContext = pod.spec().path("securityContext");
        for (String field : FIELD_ORDER) {
            JsonNode containers = pod.spec().path(field);
            for (int i = 0; i < containers.size(); i++) {
                JsonNode container = containers.get(i);
                JsonNode ownContext = container.path("securityContext");
                String label = CONTAINER_FIELDS.get(field) + " \"" + container.path("name").asText() + "\"";
                String containerPath = pod.path() + "." + field + "[" + i + "].securityContext.";
                checkRunAsNonRoot(resource, pod, podContext, ownContext, label, containerPath, findings);
                checkRunAsUser(resource, pod, podContext, ownContext, label, containerPath, findings);
            }
        }
    }

    private void checkRunAsNonRoot(Resource resource, PodSpecs.Located pod, JsonNode podContext, JsonNode ownContext,
            String label, String containerPath, List<Finding> findings) {
        boolean ownIsSet = ownContext.has("runAsNonRoot");
        JsonNode effective = ownIsSet ? ownContext.get("runAsNonRoot") : podContext.path("runAsNonRoot");
        if (effective.isBoolean() && effective.booleanValue()) {
            return;
        }
        String problem;
        if (ownIsSet) {
            problem = "container-level runAsNonRoot is not true and overrides the pod";
        } else if (!podContext.has("runAsNonRoot")) {
            problem = "runAsNonRoot is set at neither container nor pod level";
        } else {
            problem = "pod-level runAsNonRoot is not true";
        }
        // An explicit container value must be fixed where it is; otherwise one pod field fixes all.
        String path = ownIsSet ? containerPath + "runAsNonRoot" : pod.path() + ".securityContext.runAsNonRoot";
        findings.add(Finding.of(CONTROL_ID, resource, path,
                label + " must run as non-root: " + problem + "; set " + path + " to true"));
    }

    private void checkRunAsUser(Resource resource, PodSpecs.Located pod, JsonNode podContext, JsonNode ownContext,
            String label, String containerPath, List<Finding> findings) {
        boolean ownIsSet = ownContext.has("runAsUser");
        JsonNode effective = ownIsSet ? ownContext.get("runAsUser") : podContext.path("runAsUser");
        if (!effective.isNumber() || effective.doubleValue() != 0.0) {
            return;
        }
        String path = ownIsSet ? containerPath + "runAsUser" : pod.path() + ".securityContext.runAsUser";
        findings.add(Finding.of(CONTROL_ID, resource, path,
                label + " must not run as uid 0; set " + path + " to a non-zero uid"));
    }
}
