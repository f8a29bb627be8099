package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * WARD-POL-004, same semantics and messages as policies/src/ward-pol-004-drop-all-capabilities
 * with an empty allowedCapabilities: an audit has no constraint parameters, so every added
 * capability is reported and the reader decides whether the cluster's constraint allows it.
 */
public final class DropAllCapabilitiesCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-004";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        JsonNode capabilities = container.securityContext().path("capabilities");
        boolean dropsAll = false;
        for (JsonNode dropped : capabilities.path("drop")) {
            dropsAll |= "ALL".equals(normalized(dropped.asText()));
        }
        String base = container.path() + ".securityContext.capabilities";
        if (!dropsAll) {
            findings.add(finding(resource, base + ".drop", container.label() + " must drop ALL capabilities; add \"ALL\" to "
                    + base + ".drop"));
        }
        for (JsonNode added : capabilities.path("add")) {
            findings.add(finding(resource, base + ".add", container.label() + " adds capability \"" + added.asText()
                    + "\", which the constraint does not allow; remove it from " + base + ".add"));
        }
    }

    // The runtime accepts NET_RAW and CAP_NET_RAW alike, in any case.
    private static String normalized(String capability) {
        String upper = capability.toUpperCase(Locale.ROOT);
        return upper.startsWith("CAP_") ? upper.substring(4) : upper;
    }
}
