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
 *
 * <p>A Service is judged by the pods it selects as well as by its own label: one that selects a
 * PHI workload (the database, its clients: {@link WorkloadRoles}) is a PHI Service whatever its
 * labels say. An externally exposed Service without a classification label of its own that
 * selects only workloads that cannot be classified is reported too: it may publish PHI.
 */
public final class NoExternalServiceCheck implements Check {

    public static final String CONTROL_ID = "WARD-NET-003";
    private static final Set<String> EXTERNAL_TYPES = Set.of("NodePort", "LoadBalancer");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        WorkloadRoles roles = index.roles();
        Set<String> phiServices = new HashSet<>();
        List<Finding> findings = new ArrayList<>();
        for (Resource svc : index.ofKind("Service")) {
            String own = svc.body().path("metadata").path("labels").path(DataClassificationLabelCheck.KEY).asText("");
            List<Resource> selected = index.workloadsSelectedByService(svc);
            Resource phiPod = selected.stream()
                    .filter(w -> roles.classification(w) == WorkloadRoles.Classification.PHI).findFirst().orElse(null);
            String subject;
            if ("phi".equals(own)) {
                subject = "PHI service \"" + svc.name() + "\"";
            } else if (phiPod != null) {
                subject = "PHI service \"" + svc.name() + "\" (it selects " + phiPod.kind() + " \"" + phiPod.name() + "\", which"
                        + " holds PHI: " + roles.phiReason(phiPod).orElseThrow() + ")";
            } else if (!DataClassificationLabelCheck.VALUES.contains(own) && !selected.isEmpty()
                    && selected.stream().allMatch(w -> roles.classification(w) == WorkloadRoles.Classification.UNKNOWN)) {
                subject = "service \"" + svc.name() + "\" (it selects " + selected.get(0).kind() + " \"" + selected.get(0).name()
                        + "\", which cannot be classified, so it may serve PHI; label the service and its pods "
                        + DataClassificationLabelCheck.KEY + ": public if it serves none)";
            } else {
                continue;
            }
            if ("phi".equals(own) || phiPod != null) {
                phiServices.add(svc.namespace() + "/" + svc.name());
            }
            String type = svc.body().path("spec").path("type").asText("ClusterIP");
            if (EXTERNAL_TYPES.contains(type)) {
                findings.add(Finding.of(CONTROL_ID, svc, "spec.type", subject + " must not be of type "
                        + type + "; set spec.type to ClusterIP and publish it through the Istio ingress gateway"));
            }
            if (!svc.body().path("spec").path("externalIPs").isEmpty()) {
                findings.add(Finding.of(CONTROL_ID, svc, "spec.externalIPs", subject
                        + " must not set externalIPs; remove spec.externalIPs and publish it through the Istio ingress gateway"));
            }
        }
        for (Resource ingress : index.ofKind("Ingress")) {
            checkIngress(ingress, phiServices, findings);
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
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
