package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * WARD-POL-006, same semantics and messages as policies/src/ward-pol-006-no-host-access: host
 * namespaces and hostPath volumes are pod-level, host ports are per container port.
 */
public final class NoHostAccessCheck implements Check {

    public static final String CONTROL_ID = "WARD-POL-006";

    private static final List<String> HOST_NAMESPACES = List.of("hostNetwork", "hostPID", "hostIPC");

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
            for (PodSpecs.Container container : PodSpecs.containers(resource)) {
                JsonNode ports = container.node().path("ports");
                for (int j = 0; j < ports.size(); j++) {
                    int hostPort = ports.get(j).path("hostPort").asInt(0);
                    if (hostPort > 0) {
                        String path = container.path() + ".ports[" + j + "].hostPort";
                        findings.add(Finding.of(CONTROL_ID, resource, path, container.label() + " must not bind host port "
                                + hostPort + "; remove " + path));
                    }
                }
            }
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
        return findings;
    }

    private static void checkPod(Resource resource, PodSpecs.Located pod, List<Finding> findings) {
        for (String key : HOST_NAMESPACES) {
            if (pod.spec().path(key).asBoolean(false)) {
                String path = pod.path() + "." + key;
                findings.add(Finding.of(CONTROL_ID, resource, path, "pod must not share the node's namespaces; remove " + path));
            }
        }
        JsonNode volumes = pod.spec().path("volumes");
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode volume = volumes.get(i);
            if (volume.has("hostPath")) {
                String path = pod.path() + ".volumes[" + i + "].hostPath";
                findings.add(Finding.of(CONTROL_ID, resource, path, "volume \"" + volume.path("name").asText() + "\" must not mount"
                        + " a host path (" + volume.path("hostPath").path("path").asText() + "); replace " + path
                        + " with an emptyDir or a PersistentVolumeClaim"));
            }
        }
    }
}
