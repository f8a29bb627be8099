package health.ward.kit.check;

import java.util.ArrayList;
import java.util.List;

/**
 * WARD-POL-008: containers and initContainers declare cpu and memory requests and limits.
 * Ephemeral containers are exempt because the API rejects resources on them. One finding per
 * container lists every missing field, so a reader fixes a container in one edit.
 */
public final class ResourceLimitsCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-008";

    private static final List<String> REQUIRED = List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        if ("ephemeralContainers".equals(container.field())) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (String field : REQUIRED) {
            String[] parts = field.split("\\.");
            String value = container.node().path("resources").path(parts[0]).path(parts[1]).asText("");
            if (value.isBlank()) {
                missing.add(container.path() + ".resources." + field);
            }
        }
        if (!missing.isEmpty()) {
            findings.add(finding(resource, missing.get(0), container.label() + " must declare cpu and memory requests and"
                    + " limits; set " + String.join(", ", missing)));
        }
    }
}
