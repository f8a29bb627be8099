package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.e2e.cluster.ProbePod;
import health.ward.e2e.cluster.WardRelease;

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

    static final String PROBE_NAMESPACE = "ward-netprobe";
    static final String DB_HOST = WardRelease.RECORDS_DB + "." + WardRelease.NAMESPACE + ".svc.cluster.local";
    static final List<String> PG_ISREADY = List.of("pg_isready", "-h", DB_HOST, "-p", "5432", "-t", "10");

    @BeforeAll
    static void clusterIsThere() {
        ProbePod.image();
        WardRelease.rolledOut(WardRelease.NAMESPACE, "statefulset/" + WardRelease.RECORDS_DB, WardRelease.READY_TIMEOUT);
        WardRelease.ensureNamespace(PROBE_NAMESPACE);
    }

    @Test
    void aPodThatIsNotPatientApiCannotReachTheDatabase() {
        ProbePod.Finished probe = ProbePod.run(PROBE_NAMESPACE, Map.of("ward.health/data-classification", "internal"), null, PG_ISREADY);
        assertThat(probe.exitCode()).as("pg_isready exit code from outside patient-api; output: %s", probe.logs()).isNotEqualTo(0);
    }

    @Test
    void aPodWithPatientApiIdentityCanReachTheDatabase() {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "ward", "app.kubernetes.io/instance", "ward",
                "app.kubernetes.io/component", "patient-api", "ward.health/data-classification", "phi",
                "sidecar.istio.io/inject", "true");
        ProbePod.Finished probe = ProbePod.run(WardRelease.NAMESPACE, labels, WardRelease.PATIENT_API, PG_ISREADY);
        assertThat(probe.exitCode()).as("pg_isready exit code as patient-api; output: %s", probe.logs()).isEqualTo(0);
    }
}
