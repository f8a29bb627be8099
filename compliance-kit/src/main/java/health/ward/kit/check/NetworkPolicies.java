package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;

/** NetworkPolicy API semantics shared by the checkers that read policies. */
final class NetworkPolicies {

    private NetworkPolicies() {
    }

    /** Ingress is governed when listed, or, with policyTypes absent, always (the API's inference). */
    static boolean governsIngress(JsonNode spec) {
        JsonNode types = spec.path("policyTypes");
        return types.isMissingNode() || types.isEmpty() || lists(types, "Ingress");
    }

    /** Egress is governed when listed, or, with policyTypes absent, when egress rules exist (the API's inference). */
    static boolean governsEgress(JsonNode spec) {
        JsonNode types = spec.path("policyTypes");
        return types.isMissingNode() || types.isEmpty() ? spec.has("egress") : lists(types, "Egress");
    }

    static boolean isAnyAddress(String cidr) {
        return "0.0.0.0/0".equals(cidr) || "::/0".equals(cidr);
    }

    /**
     * Whether a rule's ports admit TCP {@code number} on the workload's pods: no ports means all, a
     * numeric port or range must include it, a named port must name a container port with that number.
     */
    static boolean coversPort(JsonNode ports, Resource workload, int number) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode port : ports) {
            if (!"TCP".equals(port.path("protocol").asText("TCP"))) {
                continue;
            }
            JsonNode value = port.path("port");
            if (value.isMissingNode() || value.isNull()) {
                return true;
            }
            if (value.isInt()) {
                int end = port.path("endPort").asInt(value.intValue());
                if (value.intValue() <= number && number <= end) {
                    return true;
                }
            } else if (namedPortIs(value.asText(), workload, number)) {
                return true;
            }
        }
        return false;
    }

    private static boolean namedPortIs(String name, Resource workload, int number) {
        for (PodSpecs.Container container : PodSpecs.containers(workload)) {
            for (JsonNode port : container.node().path("ports")) {
                if (name.equals(port.path("name").asText()) && port.path("containerPort").asInt() == number) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean lists(JsonNode types, String type) {
        for (JsonNode t : types) {
            if (type.equals(t.asText())) {
                return true;
            }
        }
        return false;
    }
}
