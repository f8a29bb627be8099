package health.ward.e2e.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ProbePod;
import health.ward.e2e.cluster.WardChart;
import health.ward.e2e.cluster.WardRelease;

/**
 * Ward's NetworkPolicies enforced by a real CNI data path: the chart's own Namespace, NetworkPolicies
 * and records-db Service (as {@code helm template} renders them) on the local cluster, where
 * kube-router turns them into iptables rules in the node. A PostgreSQL server stands in for the
 * records-db pod (Ward's postgres image, the chart's records-db pod labels and port); probes speak
 * the PostgreSQL protocol ({@code pg_isready}) with the chart's patient-api labels or others.
 *
 * <p>Each refusal is paired with a control that shows the same path works where no policy stops it
 * (an unprotected server in a namespace without policies), so a refusal is the policy, not a broken
 * network.
 */
@Tag("local-cluster")
@Tag("WARD-NET-001")
@Tag("WARD-NET-002")
@ExtendWith(LocalCluster.class)
class NetworkPolicyLocalClusterTest {

    static final String OUTSIDE = "ward-netprobe";
    static final String DB_HOST = WardRelease.RECORDS_DB + "." + WardRelease.NAMESPACE + ".svc.cluster.local";
    static final String OUTSIDE_HOST = "open-db." + OUTSIDE + ".svc.cluster.local";
    static final Duration READY_WITHIN = Duration.ofMinutes(3);

    static String image;
    static Map<String, String> patientApiLabels;

    @BeforeAll
    static void install() {
        image = LocalCluster.image("postgres");
        String rendered = WardChart.render();
        for (JsonNode object : WardChart.documents(rendered)) {
            String kind = object.path("kind").asText();
            boolean dbService = kind.equals("Service") && WardRelease.RECORDS_DB.equals(object.path("metadata").path("name").asText());
            if (kind.equals("Namespace") || kind.equals("NetworkPolicy") || dbService) {
                Kubectl.okWithInput(object.toString(), "apply", "--server-side", "-f", "-");
            }
        }
        patientApiLabels = podLabels(rendered, "Deployment", WardRelease.PATIENT_API);
        JsonNode db = workload(rendered, "StatefulSet", WardRelease.RECORDS_DB);
        startServer(WardRelease.NAMESPACE, "records-db-stand-in", podLabels(rendered, "StatefulSet", WardRelease.RECORDS_DB),
                db.path("spec").path("template").path("spec").path("containers").get(0).path("ports"));

        WardRelease.ensureNamespace(OUTSIDE);
        ObjectNode ports = WardRelease.JSON.createObjectNode();
        ports.putArray("ports").addObject().put("name", "postgresql").put("containerPort", 5432).put("protocol", "TCP");
        startServer(OUTSIDE, "open-db", Map.of("app", "open-db"), ports.path("ports"));
        Kubectl.okWithInput("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "open-db", "namespace": "%s"},
                 "spec": {"selector": {"app": "open-db"}, "ports": [{"port": 5432, "targetPort": 5432}]}}
                """.formatted(OUTSIDE), "apply", "--server-side", "-f", "-");
        Kubectl.ok("-n", WardRelease.NAMESPACE, "wait", "--for=condition=Ready", "pod/records-db-stand-in", "--timeout=" + READY_WITHIN.toSeconds() + "s");
        Kubectl.ok("-n", OUTSIDE, "wait", "--for=condition=Ready", "pod/open-db", "--timeout=" + READY_WITHIN.toSeconds() + "s");
    }

    @AfterAll
    static void remove() {
        Kubectl.run("delete", "namespace", OUTSIDE, "--wait=false");
        Kubectl.run("-n", WardRelease.NAMESPACE, "delete", "pod", "records-db-stand-in", "--wait=false");
    }

    /**
     * kube-router applies policies to a new pod when it has synced it, a few seconds after the pod
     * starts: until then a new patient-api pod is not yet on the database's allow-list (refused: the
     * safe side) and not yet under the namespace's default-deny egress (open: the unsafe side). So
     * this waits, bounded, until patient-api reaches the database, which shows its pod was synced,
     * and only then checks what its egress must not reach.
     */
    @Test
    void patientApiReachesTheDatabaseAndNothingElse() {
        String prober = startProber(WardRelease.NAMESPACE, patientApiLabels);
        try {
            Kubectl.Result reached = ClusterWait.until("patient-api's probe pod to reach records-db", Duration.ofSeconds(60),
                    () -> {
                        Kubectl.Result result = pgIsReady(WardRelease.NAMESPACE, prober, DB_HOST);
                        return result.exitCode() == 0 ? ClusterWait.Outcome.done(result) : ClusterWait.Outcome.pending(result.describe());
                    });
            assertThat(reached.stdout()).contains("accepting connections");
            Kubectl.Result outside = pgIsReady(WardRelease.NAMESPACE, prober, openDbServiceIp());
            assertThat(outside.exitCode()).as("patient-api to a server outside its allow-list: %s", outside.describe()).isEqualTo(2);
        } finally {
            Kubectl.run("-n", WardRelease.NAMESPACE, "delete", "pod", prober, "--wait=false");
        }
    }

    // The refusals probe addresses, not names: pg_isready reports a failed lookup as "no response" too.

    @Test
    void anotherPodOfTheReleaseNamespaceCannotReachTheDatabase() {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "ward", "app.kubernetes.io/instance", "ward",
                "app.kubernetes.io/component", "reporting");
        assertRefused(probe(WardRelease.NAMESPACE, labels, dbPodIp()), "another ward pod to records-db");
    }

    @Test
    void aPodOfAnotherNamespaceCannotReachTheDatabaseWhileItReachesAnUnprotectedServer() {
        Map<String, String> labels = Map.of("app", "netprobe");
        assertReady(probe(OUTSIDE, labels, OUTSIDE_HOST), "control: outside pod to the unprotected server by name");
        assertReady(probe(OUTSIDE, labels, openDbServiceIp()), "control: outside pod to the unprotected server's Service address");
        assertRefused(probe(OUTSIDE, labels, dbPodIp()), "outside pod to records-db");
    }

    private static String dbPodIp() {
        return Kubectl.ok("-n", WardRelease.NAMESPACE, "get", "pod", "records-db-stand-in", "-o", "jsonpath={.status.podIP}").strip();
    }

    private static String openDbServiceIp() {
        return Kubectl.ok("-n", OUTSIDE, "get", "service", "open-db", "-o", "jsonpath={.spec.clusterIP}").strip();
    }

    /** A pod of the probe image that only waits, for {@link #pgIsReady} to exec into; its name. */
    private static String startProber(String namespace, Map<String, String> labels) {
        String name = "prober-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode pod = podOf(namespace, name, labels, "trap 'exit 0' TERM; while :; do sleep 1; done");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).remove("readinessProbe");
        Kubectl.okWithInput(pod.toString(), "apply", "--server-side", "-f", "-");
        Kubectl.ok("-n", namespace, "wait", "--for=condition=Ready", "pod/" + name, "--timeout=" + READY_WITHIN.toSeconds() + "s");
        return name;
    }

    private static Kubectl.Result pgIsReady(String namespace, String pod, String host) {
        return Kubectl.run("-n", namespace, "exec", pod, "--", "pg_isready", "-h", host, "-p", "5432", "-t", "5");
    }

    private static ProbePod.Finished probe(String namespace, Map<String, String> labels, String host) {
        return ProbePod.run(image, namespace, labels, null, List.of("pg_isready", "-h", host, "-p", "5432", "-t", "8"));
    }

    private static void assertReady(ProbePod.Finished probe, String path) {
        assertThat(probe.exitCode()).as("pg_isready exit code, %s; output: %s", path, probe.logs()).isEqualTo(0);
    }

    // pg_isready: 2 = no response (dropped or refused), as opposed to 3 (bad arguments or no DNS answer).
    private static void assertRefused(ProbePod.Finished probe, String path) {
        assertThat(probe.exitCode()).as("pg_isready exit code, %s; output: %s", path, probe.logs()).isEqualTo(2);
    }

    /** A PostgreSQL server (trust auth: a throwaway stand-in, no data) with {@code labels}, on 5432. */
    private static void startServer(String namespace, String name, Map<String, String> labels, JsonNode ports) {
        ObjectNode pod = podOf(namespace, name, labels, "initdb -D /work/data -U postgres --auth=trust >/work/initdb.log 2>&1 "
                + "&& exec postgres -D /work/data -c listen_addresses='*' -k /work");
        ((ObjectNode) pod.path("spec").path("containers").get(0)).set("ports", ports);
        Kubectl.okWithInput(pod.toString(), "apply", "--server-side", "-f", "-");
    }

    /** A restricted pod of the probe image running {@code script} with sh, a writable emptyDir on /work. */
    private static ObjectNode podOf(String namespace, String name, Map<String, String> labels, String script) {
        ObjectNode pod = WardRelease.JSON.createObjectNode();
        pod.put("apiVersion", "v1").put("kind", "Pod");
        ObjectNode metadata = pod.putObject("metadata");
        metadata.put("name", name).put("namespace", namespace);
        labels.forEach(metadata.putObject("labels")::put);
        ObjectNode spec = pod.putObject("spec");
        spec.put("automountServiceAccountToken", false);
        ObjectNode podSecurity = spec.putObject("securityContext");
        podSecurity.put("runAsNonRoot", true).put("runAsUser", 999).put("runAsGroup", 999).put("fsGroup", 999);
        podSecurity.putObject("seccompProfile").put("type", "RuntimeDefault");
        ObjectNode container = spec.putArray("containers").addObject();
        container.put("name", "postgres").put("image", image);
        container.putArray("command").add("sh").add("-c").add(script);
        ObjectNode readiness = container.putObject("readinessProbe");
        readiness.putObject("exec").putArray("command").add("pg_isready").add("-h").add("127.0.0.1").add("-p").add("5432");
        readiness.put("periodSeconds", 2);
        ObjectNode security = container.putObject("securityContext");
        security.put("allowPrivilegeEscalation", false).put("readOnlyRootFilesystem", true);
        security.putObject("capabilities").putArray("drop").add("ALL");
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "50m").put("memory", "64Mi");
        resources.putObject("limits").put("memory", "256Mi");
        container.putArray("volumeMounts").addObject().put("name", "work").put("mountPath", "/work");
        spec.putArray("volumes").addObject().put("name", "work").putObject("emptyDir");
        return pod;
    }

    private static JsonNode workload(String rendered, String kind, String name) {
        return WardChart.ofKind(rendered, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("the chart renders no " + kind + " " + name));
    }

    private static Map<String, String> podLabels(String rendered, String kind, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        workload(rendered, kind, name).path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
