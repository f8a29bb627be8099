package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kind tier (run by `make e2e-kind` only; needs a container engine, kind and kubectl): with the
 * chart installed in namespace {@code ward} on the k8s/kind cluster (Calico enforcing policy, Istio
 * STRICT mTLS), only patient-api can reach the database.
 *
 * The refused probe runs in a namespace with no NetworkPolicy of its own, so its egress is open and
 * only the database's ingress policy can be what stops it — not Ward's default-deny egress. The
 * probes speak the PostgreSQL protocol ({@code pg_isready}), not just TCP: behind a sidecar a bare
 * TCP connect succeeds locally and proves nothing.
 */
@Tag("kind")
@Tag("WARD-NET-002")
class DatabaseReachabilityKindTest {

    static final String NAMESPACE = "ward";
    static final String PROBE_NAMESPACE = "ward-netprobe";
    static final String DB_HOST = "ward-records-db.ward.svc.cluster.local";

    private static String probeImage;

    @BeforeAll
    static void clusterIsThere() throws Exception {
        probeImage = System.getenv("WARD_PROBE_IMAGE");
        if (probeImage == null || !probeImage.contains("@sha256:")) {
            throw new IllegalStateException("WARD_PROBE_IMAGE must name a PostgreSQL image by digest (repo@sha256:...)");
        }
        Kubectl.ok("-n", NAMESPACE, "rollout", "status", "statefulset/ward-records-db", "--timeout=300s");
        if (Kubectl.run("get", "namespace", PROBE_NAMESPACE).exitCode() != 0) {
            Kubectl.ok("create", "namespace", PROBE_NAMESPACE);
        }
    }

    @Test
    void aPodThatIsNotPatientApiCannotReachTheDatabase() throws Exception {
        assertThat(probe(PROBE_NAMESPACE, "{\"ward.health/data-classification\":\"internal\"}", null))
                .as("pg_isready exit code from outside patient-api").isNotEqualTo(0);
    }

    @Test
    void aPodWithPatientApiIdentityCanReachTheDatabase() throws Exception {
        String labels = """
                {"app.kubernetes.io/name":"ward","app.kubernetes.io/instance":"ward","app.kubernetes.io/component":"patient-api",
                 "ward.health/data-classification":"phi","sidecar.istio.io/inject":"true"}""";
        assertThat(probe(NAMESPACE, labels, "ward-patient-api")).as("pg_isready exit code as patient-api").isEqualTo(0);
    }

    /**
     * Runs {@code pg_isready} against the DB in a one-shot pod and returns the probe container's exit
     * code (read from its own status, so a sidecar that keeps running does not matter).
     */
    private static int probe(String namespace, String labelsJson, String serviceAccount) throws Exception {
        String name = "db-probe-" + UUID.randomUUID().toString().substring(0, 8);
        String overrides = """
                {"apiVersion":"v1","metadata":{"labels":%s},"spec":{%s
                  "automountServiceAccountToken":false,
                  "securityContext":{"runAsNonRoot":true,"runAsUser":999,"seccompProfile":{"type":"RuntimeDefault"}},
                  "containers":[{"name":"probe","image":"%s","command":["pg_isready","-h","%s","-p","5432","-t","10"],
                    "securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,
                      "capabilities":{"drop":["ALL"]}},
                    "resources":{"requests":{"cpu":"10m","memory":"32Mi"},"limits":{"cpu":"100m","memory":"64Mi"}}}]}}
                """.formatted(labelsJson, serviceAccount == null ? "" : "\"serviceAccountName\":\"" + serviceAccount + "\",",
                probeImage, DB_HOST);
        try {
            Kubectl.ok("-n", namespace, "run", name, "--image=" + probeImage, "--restart=Never", "--overrides=" + overrides);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (Instant.now().isBefore(deadline)) {
                String exit = Kubectl.ok("-n", namespace, "get", "pod", name, "-o",
                        "jsonpath={.status.containerStatuses[?(@.name==\"probe\")].state.terminated.exitCode}").strip();
                if (!exit.isEmpty()) {
                    return Integer.parseInt(exit);
                }
                Thread.sleep(2000);
            }
            throw new IllegalStateException("probe pod " + namespace + "/" + name + " did not finish in 120 s");
        } finally {
            Kubectl.run("-n", namespace, "delete", "pod", name, "--ignore-not-found", "--wait=false");
        }
    }
}
