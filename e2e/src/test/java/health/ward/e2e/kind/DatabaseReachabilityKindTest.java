package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Kind tier (run by `make e2e-kind` only; needs a container engine, kind and kubectl): with the
 * chart installed in namespace {@code ward} on the k8s/kind cluster (Calico enforcing policy),
 * only patient-api pods can open a TCP connection to the database port.
 *
 * The refused probe runs in a namespace with no NetworkPolicy of its own, so its egress is open and
 * only the database's ingress policy can be what stops it — not Ward's default-deny egress.
 */
@Tag("kind")
@Tag("WARD-NET-002")
class DatabaseReachabilityKindTest {

    static final String NAMESPACE = "ward";
    static final String PROBE_NAMESPACE = "ward-netprobe";
    static final String DB_HOST = "ward-records-db.ward.svc.cluster.local";
    /** Pinned probe image; it runs as non-root with a restricted securityContext like any Ward pod. */
    static final String PROBE_IMAGE = "busybox:1.36.1";

    @BeforeAll
    static void clusterIsThere() throws Exception {
        Kubectl.ok("get", "namespace", NAMESPACE);
        Kubectl.ok("-n", NAMESPACE, "rollout", "status", "statefulset/ward-records-db", "--timeout=300s");
        if (Kubectl.run("get", "namespace", PROBE_NAMESPACE).exitCode() != 0) {
            Kubectl.ok("create", "namespace", PROBE_NAMESPACE);
        }
    }

    @Test
    void aPodThatIsNotPatientApiCannotConnectToTheDatabasePort() throws Exception {
        assertThat(probe(PROBE_NAMESPACE, "{}")).as("probe from outside patient-api").isEqualTo("Failed");
    }

    @Test
    void aPodWithPatientApiIdentityCanConnectToTheDatabasePort() throws Exception {
        String labels = """
                {"app.kubernetes.io/name":"ward","app.kubernetes.io/instance":"ward","app.kubernetes.io/component":"patient-api"}""";
        assertThat(probe(NAMESPACE, labels)).as("probe as patient-api").isEqualTo("Succeeded");
    }

    /** Runs `nc -z` to the DB port in a one-shot pod and returns the pod's final phase. */
    private static String probe(String namespace, String labelsJson) throws Exception {
        String name = "np-probe-" + UUID.randomUUID().toString().substring(0, 8);
        String overrides = """
                {"apiVersion":"v1","metadata":{"labels":%s},"spec":{
                  "automountServiceAccountToken":false,
                  "securityContext":{"runAsNonRoot":true,"runAsUser":65534,"seccompProfile":{"type":"RuntimeDefault"}},
                  "containers":[{"name":"%s","image":"%s","command":["nc","-z","-w","5","%s","5432"],
                    "securityContext":{"runAsNonRoot":true,"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,
                      "capabilities":{"drop":["ALL"]}},
                    "resources":{"requests":{"cpu":"10m","memory":"16Mi"},"limits":{"cpu":"100m","memory":"32Mi"}}}]}}
                """.formatted(labelsJson, name, PROBE_IMAGE, DB_HOST);
        try {
            Kubectl.ok("-n", namespace, "run", name, "--image=" + PROBE_IMAGE, "--restart=Never", "--overrides=" + overrides);
            Kubectl.run("-n", namespace, "wait", "pod/" + name, "--for=jsonpath={.status.phase}=Succeeded", "--timeout=60s");
            return Kubectl.ok("-n", namespace, "get", "pod", name, "-o", "jsonpath={.status.phase}").strip();
        } finally {
            Kubectl.run("-n", namespace, "delete", "pod", name, "--ignore-not-found", "--wait=false");
        }
    }
}
