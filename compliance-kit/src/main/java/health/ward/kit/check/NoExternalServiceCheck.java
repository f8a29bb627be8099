package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * WARD-NET-003: PHI is reached from outside the cluster only through the Istio ingress gateway.
 * Services: same semantics and messages as policies/src/ward-net-003-no-external-service (no
 * NodePort, LoadBalancer or externalIPs on a PHI Service). The audit also sees what admission of
 * a single Service cannot: a Kubernetes Ingress whose backend is a PHI Service, which routes
 * around the gateway's TLS and authentication.
 */
public final class NoExternalServiceCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-003";
    private static final Set<String> EXTERNAL_TYPES = Set.of("NodePort", "LoadBalancer");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        Set<String> phiServices = new HashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (Resource svc : resources) {
            if (!svc.isKind("Service")
                    || !"phi".equals(svc.body().path("metadata").path("labels").path(DataClassificationLabelCheck.KEY).asText(null))) {
                continue;
            }
            phiServices.add(svc.namespace() + "/" + svc.name());
            String type = svc.body().path("spec").path("type").asText("ClusterIP");
            if (EXTERNAL_TYPES.contains(type)) {
                findings.add(Finding.of(CONTROL_ID, svc, "spec.type", "PHI service \"" + svc.name() + "\" must not be of type "
                        + type + "; set spec.type to ClusterIP and publish it through the Istio ingress gateway"));
            }
            if (!svc.body().path("spec").path("externalIPs").isEmpty()) {
                findings.add(Finding.of(CONTROL_ID, svc, "spec.externalIPs", "PHI service \"" + svc.name()
                        + "\" must not set externalIPs; remove spec.externalIPs and publish it through the Istio ingress gateway"));
            }
        }
        for (Resource ingress : resources) {
            if (ingress.isKind("Ingress")) {
                checkIngress(ingress, phiServices, findings);
            }
        }
        AdmissionConstraints.check(CONTROL_ID, resources, findings);
        return findings;
    }

    private void checkIngress(Resource ingress, Set<String> phiServices, List<Finding> findings) {
        JsonNode spec = ingress.body().path("spec");
        checkBackend(ingress, spec.path("defaultBackend"), "spec.defaultBackend", phiServices, findings);
        JsonNode rules = spec.path("rules");
        for (int r = 0; r < rules.size(); r++) {
            JsonNode paths = rules.get(r).path("http").path("paths");
            for (int p = 0; p < paths.size(); p++) {
                checkBackend(ingress, paths.get(p).path("backend"), "spec.rules[" + r + "].http.paths[" + p + "].backend",
                        phiServices, findings);
            }
        }
    }

    private void checkBackend(Resource ingress, JsonNode backend, String path, Set<String> phiServices, List<Finding> findings) {
        String service = backend.path("service").path("name").asText("");
        if (!service.isEmpty() && phiServices.contains(ingress.namespace() + "/" + service)) {
            findings.add(Finding.of(CONTROL_ID, ingress, path, "Ingress \"" + ingress.name() + "\" routes to PHI service \""
                    + service + "\" around the Istio ingress gateway; remove " + path
                    + " and publish the service with an Istio Gateway and VirtualService"));
        }
    }
}
