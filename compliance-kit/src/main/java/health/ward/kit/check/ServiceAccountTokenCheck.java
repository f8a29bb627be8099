package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WARD-IAM-005: no pod gets a Kubernetes API token it did not ask for.
 *
 * <p>The pod-level automountServiceAccountToken wins over the ServiceAccount's. A pod that
 * leaves it unset inherits the ServiceAccount's value, and Kubernetes' default is true, so a pod
 * whose ServiceAccount is not in the input (the namespace's "default" one included) is reported.
 * A workload that really calls the API says so with the annotation
 * {@value #NEEDS_API_ANNOTATION} (the reason as value) and may then mount the token.
 */
public final class ServiceAccountTokenCheck implements Check {

    public static final String CONTROL_ID = "WARD-IAM-005";

    static final String NEEDS_API_ANNOTATION = "ward.health/kubernetes-api-access";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = new ArrayList<>(index.ofKind("ServiceAccount"));
        resources.addAll(index.workloads());
        Map<String, Resource> accounts = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.isKind("ServiceAccount")) {
                accounts.put(resource.namespace() + "/" + resource.name(), resource);
                JsonNode automount = resource.body().path("automountServiceAccountToken");
                if (!(automount.isBoolean() && !automount.booleanValue())) {
                    findings.add(Finding.of(CONTROL_ID, resource, "automountServiceAccountToken", "ServiceAccount \""
                            + resource.name() + "\" mounts its token into every pod by default; set"
                            + " automountServiceAccountToken to false and opt in per pod where the API is needed"));
                }
            }
        }
        for (Resource resource : resources) {
            PodSpecs.of(resource).ifPresent(pod -> checkPod(resource, pod, accounts, findings));
        }
        return findings;
    }

    private void checkPod(Resource resource, PodSpecs.Located pod, Map<String, Resource> accounts, List<Finding> findings) {
        if (!resource.body().path("metadata").path("annotations").path(NEEDS_API_ANNOTATION).asText("").isBlank()) {
            return;
        }
        String path = pod.path() + ".automountServiceAccountToken";
        JsonNode own = pod.spec().path("automountServiceAccountToken");
        if (own.isBoolean()) {
            if (own.booleanValue()) {
                findings.add(Finding.of(CONTROL_ID, resource, path, resource.kind() + " \"" + resource.name()
                        + "\" mounts a Kubernetes API token without declaring why; set " + path + " to false, or annotate"
                        + " the workload with " + NEEDS_API_ANNOTATION + ": <reason>"));
            }
            return;
        }
        String accountName = pod.spec().path("serviceAccountName").asText("default");
        Resource account = accounts.get(resource.namespace() + "/" + accountName);
        JsonNode inherited = account == null ? null : account.body().path("automountServiceAccountToken");
        if (inherited == null || !(inherited.isBoolean() && !inherited.booleanValue())) {
            String why = account == null ? "ServiceAccount \"" + accountName + "\" is not in the input, and Kubernetes mounts"
                    + " the token by default" : "its ServiceAccount \"" + accountName + "\" does not turn automount off";
            findings.add(Finding.of(CONTROL_ID, resource, path, resource.kind() + " \"" + resource.name()
                    + "\" would get a Kubernetes API token: " + why + "; set " + path + " to false"));
        }
    }
}
