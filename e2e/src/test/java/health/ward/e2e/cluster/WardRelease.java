package health.ward.e2e.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Ward chart as e2e/kind/run-kind-tier.sh installs it: release {@code ward} in namespace
 * {@code ward}, so every resource is named {@code ward-<component>} (the chart's fullname is the
 * release name when that already contains the chart name).
 */
public final class WardRelease {

    public static final String NAMESPACE = "ward";
    public static final String PATIENT_API = "ward-patient-api";
    public static final String RECORDS_DB = "ward-records-db";
    public static final String INSTANCE_LABEL = "app.kubernetes.io/instance=ward";
    /** First install pulls images and patient-api waits for Vault's role: minutes, not seconds. */
    public static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A running, ready pod and the node it runs on. */
    public record Pod(String name, String node) {
    }

    private WardRelease() {
    }

    /** records-db and patient-api rolled out and ready; fails the calling test when they are not in time. */
    public static void awaitReady() {
        rolledOut(NAMESPACE, "statefulset/" + RECORDS_DB, READY_TIMEOUT);
        rolledOut(NAMESPACE, "deployment/" + PATIENT_API, READY_TIMEOUT);
    }

    /** {@code kubectl rollout status} of a Deployment, StatefulSet or DaemonSet, polled within {@code timeout}. */
    public static void rolledOut(String namespace, String resource, Duration timeout) {
        ClusterWait.until(namespace + "/" + resource + " rolled out", timeout, () -> {
            String status = Kubectl.ok("-n", namespace, "rollout", "status", resource, "--watch=false").strip();
            return status.contains("Waiting") ? ClusterWait.Outcome.pending(status) : ClusterWait.Outcome.done(status);
        });
    }

    /** The ready patient-api pods; at least one, or the test fails. */
    public static List<Pod> patientApiPods() {
        List<Pod> pods = readyPods(NAMESPACE, INSTANCE_LABEL + ",app.kubernetes.io/component=patient-api");
        if (pods.isEmpty()) {
            throw new AssertionError("no ready patient-api pod in namespace " + NAMESPACE);
        }
        return pods;
    }

    /** Running pods matching {@code selector} whose Ready condition is true and that are not being deleted. */
    public static List<Pod> readyPods(String namespace, String selector) {
        List<Pod> ready = new ArrayList<>();
        for (JsonNode pod : json("-n", namespace, "get", "pods", "-l", selector, "-o", "json").path("items")) {
            boolean isReady = false;
            for (JsonNode condition : pod.path("status").path("conditions")) {
                isReady |= "Ready".equals(condition.path("type").asText()) && "True".equals(condition.path("status").asText());
            }
            if (isReady && "Running".equals(pod.path("status").path("phase").asText())
                    && pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
                ready.add(new Pod(pod.path("metadata").path("name").asText(), pod.path("spec").path("nodeName").asText()));
            }
        }
        return ready;
    }

    /** stdout of a kubectl call that must succeed, parsed as JSON. */
    public static JsonNode json(String... kubectlArgs) {
        String output = Kubectl.ok(kubectlArgs);
        try {
            return JSON.readTree(output);
        } catch (IOException e) {
            throw new IllegalStateException("kubectl " + String.join(" ", kubectlArgs) + " did not print JSON: " + output, e);
        }
    }

    /**
     * Creates the namespace if it is missing (waiting out the deletion of one an earlier run left
     * Terminating), with the given labels (key=value), and waits for its default ServiceAccount,
     * without which the API server refuses every pod in it.
     */
    public static void ensureNamespace(String name, String... labels) {
        ClusterWait.until("namespace " + name + " to be Active", Duration.ofMinutes(3), () -> {
            Kubectl.Result phase = Kubectl.run("get", "namespace", name, "-o", "jsonpath={.status.phase}");
            if (phase.exitCode() != 0) {
                Kubectl.ok("create", "namespace", name);
                return ClusterWait.Outcome.pending("created");
            }
            return "Active".equals(phase.stdout().strip()) ? ClusterWait.Outcome.done(true)
                    : ClusterWait.Outcome.pending("phase " + phase.stdout().strip());
        });
        ClusterWait.until("ServiceAccount default in new namespace " + name, Duration.ofSeconds(60),
                () -> ClusterWait.Outcome.done(Kubectl.ok("-n", name, "get", "serviceaccount", "default", "-o", "name")));
        if (labels.length > 0) {
            List<String> args = new ArrayList<>(List.of("label", "namespace", name, "--overwrite"));
            args.addAll(List.of(labels));
            Kubectl.ok(args.toArray(String[]::new));
        }
    }
}
