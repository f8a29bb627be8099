package health.ward.kit.check;

import java.util.List;
import java.util.Set;

/**
 * WARD-POL-005, same semantics and messages as policies/src/ward-pol-005-seccomp-runtime-default:
 * a container-level seccompProfile replaces the pod-level one, so the pod's RuntimeDefault does
 * not cover a container that sets Unconfined.
 */
public final class SeccompRuntimeDefaultCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-005";

    private static final Set<String> ALLOWED = Set.of("RuntimeDefault", "Localhost");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        boolean ownIsSet = container.securityContext().has("seccompProfile");
        String type = ownIsSet
                ? container.securityContext().path("seccompProfile").path("type").asText("unset")
                : container.pod().spec().path("securityContext").path("seccompProfile").path("type").asText("unset");
        if (ALLOWED.contains(type)) {
            return;
        }
        // An explicit container profile must be fixed where it is; otherwise the pod profile fixes all.
        String path = (ownIsSet ? container.path() : container.pod().path()) + ".securityContext.seccompProfile.type";
        findings.add(finding(resource, path, container.label() + " must run with seccomp profile RuntimeDefault or Localhost, not "
                + type + "; set " + path + " to RuntimeDefault"));
    }
}
