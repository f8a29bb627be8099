package health.ward.e2e.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * A one-shot pod that runs one command from a PostgreSQL image (on kind {@code WARD_PROBE_IMAGE}, an
 * official PostgreSQL image by digest; on the local cluster Ward's own postgres image: both have
 * pg_isready and a shell) with the restricted
 * securityContext Ward's admission rules require, waits for the command to finish and returns its
 * exit code and output. The exit code is read from the probe container's own status, so an injected
 * sidecar that keeps running does not matter. The pod is deleted afterwards, whatever happened.
 */
public final class ProbePod {

    public static final String CONTAINER = "probe";
    private static final Duration FINISH_WITHIN = Duration.ofSeconds(180);

    public record Finished(int exitCode, String logs) {
    }

    private ProbePod() {
    }

    /** The probe image, which run-kind-tier.sh passes through; missing or not by digest fails the test. */
    public static String image() {
        String image = System.getenv("WARD_PROBE_IMAGE");
        if (image == null || !image.contains("@sha256:")) {
            throw new AssertionError("WARD_PROBE_IMAGE must name a PostgreSQL image by digest (repo@sha256:...); "
                    + "e2e/kind/run-kind-tier.sh passes it through");
        }
        return image;
    }

    /**
     * Runs {@code command} in a pod in {@code namespace} with {@code labels} and, if not null,
     * {@code serviceAccount}; returns once the probe container has terminated.
     */
    public static Finished run(String namespace, Map<String, String> labels, String serviceAccount, List<String> command) {
        return run(image(), namespace, labels, serviceAccount, command);
    }

    /** Like {@link #run(String, Map, String, List)} from {@code image}. */
    public static Finished run(String image, String namespace, Map<String, String> labels, String serviceAccount, List<String> command) {
        String name = "probe-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode overrides = WardRelease.JSON.createObjectNode();
        overrides.put("apiVersion", "v1");
        labels.forEach(overrides.putObject("metadata").putObject("labels")::put);
        ObjectNode spec = overrides.putObject("spec");
        if (serviceAccount != null) {
            spec.put("serviceAccountName", serviceAccount);
        }
        spec.put("automountServiceAccountToken", false);
        ObjectNode podSecurity = spec.putObject("securityContext");
        podSecurity.put("runAsNonRoot", true);
        podSecurity.put("runAsUser", 999);
        podSecurity.putObject("seccompProfile").put("type", "RuntimeDefault");
        ObjectNode container = spec.putArray("containers").addObject();
        container.put("name", CONTAINER);
        container.put("image", image);
        command.forEach(container.putArray("command")::add);
        ObjectNode security = container.putObject("securityContext");
        security.put("runAsNonRoot", true);
        security.put("allowPrivilegeEscalation", false);
        security.put("readOnlyRootFilesystem", true);
        security.putObject("capabilities").putArray("drop").add("ALL");
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "10m").put("memory", "32Mi");
        resources.putObject("limits").put("cpu", "100m").put("memory", "64Mi");
        try {
            Kubectl.ok("-n", namespace, "run", name, "--image=" + image, "--restart=Never", "--overrides=" + overrides);
            int exitCode = ClusterWait.until("probe pod " + namespace + "/" + name + " to finish", FINISH_WITHIN,
                    () -> terminated(namespace, name));
            return new Finished(exitCode, Kubectl.ok("-n", namespace, "logs", name, "-c", CONTAINER));
        } finally {
            Kubectl.run("-n", namespace, "delete", "pod", name, "--ignore-not-found", "--wait=false");
        }
    }

    private static ClusterWait.Outcome<Integer> terminated(String namespace, String name) {
        JsonNode pod = WardRelease.json("-n", namespace, "get", "pod", name, "-o", "json");
        for (JsonNode status : pod.path("status").path("containerStatuses")) {
            if (CONTAINER.equals(status.path("name").asText())) {
                JsonNode terminated = status.path("state").path("terminated");
                if (!terminated.isMissingNode()) {
                    return ClusterWait.Outcome.done(terminated.path("exitCode").asInt());
                }
                return ClusterWait.Outcome.pending("phase " + pod.path("status").path("phase").asText()
                        + ", probe container " + status.path("state"));
            }
        }
        return ClusterWait.Outcome.pending("phase " + pod.path("status").path("phase").asText() + ", "
                + pod.path("status").path("conditions"));
    }
}
