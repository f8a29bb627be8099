package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * WARD-POL-002, same semantics and messages as policies/src/ward-pol-002-read-only-root-filesystem:
 * the field exists only per container and defaults to writable, so only an explicit true passes.
 */
public final class ReadOnlyRootFilesystemCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-002";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        JsonNode readOnly = container.securityContext().path("readOnlyRootFilesystem");
        if (readOnly.isBoolean() && readOnly.booleanValue()) {
            return;
        }
        String path = container.path() + ".securityContext.readOnlyRootFilesystem";
        findings.add(finding(resource, path,
                container.label() + " must have a read-only root filesystem; set " + path + " to true"));
    }
}
