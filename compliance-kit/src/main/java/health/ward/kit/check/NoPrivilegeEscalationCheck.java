package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * WARD-POL-003, same semantics and messages as policies/src/ward-pol-003-no-privilege-escalation:
 * allowPrivilegeEscalation defaults to true, so only an explicit false passes; privileged is a
 * separate finding because fixing one field does not fix the other.
 */
public final class NoPrivilegeEscalationCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-003";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        JsonNode escalation = container.securityContext().path("allowPrivilegeEscalation");
        if (!(escalation.isBoolean() && !escalation.booleanValue())) {
            String path = container.path() + ".securityContext.allowPrivilegeEscalation";
            findings.add(finding(resource, path,
                    container.label() + " must not allow privilege escalation; set " + path + " to false"));
        }
        JsonNode privileged = container.securityContext().path("privileged");
        if (privileged.isBoolean() && privileged.booleanValue()) {
            String path = container.path() + ".securityContext.privileged";
            findings.add(finding(resource, path, container.label() + " must not be privileged; set " + path + " to false"));
        }
    }
}
