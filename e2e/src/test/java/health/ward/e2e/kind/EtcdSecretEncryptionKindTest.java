package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.WardRelease;

/**
 * What k8s/kind/cluster.yaml configures the API server to do, checked where it lands: a Secret's
 * bytes in etcd are ciphertext of the secretbox provider (WARD-ENC-004, k8s/kind/encryption-config.yaml),
 * and reading that Secret leaves an entry in the API server's audit log at Metadata level, without
 * the value (WARD-AUD-003, k8s/kind/audit-policy.yaml).
 *
 * <p>etcd is read with the etcdctl of kubeadm's etcd static pod, using the client certificate kubeadm
 * made for health checks. The audit log is a file on the control-plane node
 * (/var/log/kubernetes/audit/audit.log), read through the kubelet's /logs/ endpoint via the API
 * server's node proxy — no container engine command, so this runs wherever kubectl reaches the cluster.
 */
@Tag("kind")
class EtcdSecretEncryptionKindTest {

    static final String NAMESPACE = "ward-kind-etcd";
    static final String AUDIT_LOG = "kubernetes/audit/audit.log";
    static final Duration LOGGED_WITHIN = Duration.ofSeconds(60);

    @BeforeAll
    static void namespace() {
        WardRelease.ensureNamespace(NAMESPACE);
    }

    @AfterAll
    static void removeNamespace() {
        Kubectl.run("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
    }

    @Test
    @Tag("WARD-ENC-004")
    void aSecretIsStoredEncryptedInEtcd() {
        ProbeSecret secret = ProbeSecret.create("etcd-probe");
        String stored = etcdValue("/registry/secrets/" + NAMESPACE + "/" + secret.name());
        assertThat(stored).as("the Secret's bytes in etcd").startsWith("k8s:enc:secretbox:v1:")
                .doesNotContain(secret.value()).doesNotContain(base64(secret.value()));
        // Control: the API server still decrypts it, so the bytes above are this Secret, encrypted.
        String served = Kubectl.ok("-n", NAMESPACE, "get", "secret", secret.name(), "-o", "jsonpath={.data.value}");
        assertThat(new String(Base64.getDecoder().decode(served.strip()), StandardCharsets.UTF_8)).isEqualTo(secret.value());
    }

    @Test
    @Tag("WARD-AUD-003")
    void readingASecretIsInTheApiAuditLogWithoutItsValue() {
        ProbeSecret secret = ProbeSecret.create("audit-probe");
        String name = secret.name();
        String value = secret.value();
        Kubectl.ok("-n", NAMESPACE, "get", "secret", name, "-o", "name");
        String me = Kubectl.ok("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").strip();
        String node = controlPlaneNode();

        JsonNode event = ClusterWait.until("the audit log entry for get secrets/" + name, LOGGED_WITHIN, () -> {
            List<String> lines = Kubectl.lines(line -> line.contains("\"" + name + "\""),
                    "get", "--raw", "/api/v1/nodes/" + node + "/proxy/logs/" + AUDIT_LOG);
            for (String line : lines) {
                assertThat(line).as("audit entry of the Secret").doesNotContain(value).doesNotContain(base64(value));
                JsonNode entry = WardRelease.JSON.readTree(line);
                JsonNode ref = entry.path("objectRef");
                if ("get".equals(entry.path("verb").asText()) && "secrets".equals(ref.path("resource").asText())
                        && NAMESPACE.equals(ref.path("namespace").asText()) && name.equals(ref.path("name").asText())
                        && "ResponseComplete".equals(entry.path("stage").asText())) {
                    return ClusterWait.Outcome.done(entry);
                }
            }
            return ClusterWait.Outcome.pending(lines.size() + " audit lines name the Secret, no completed get yet");
        });
        assertThat(event.path("level").asText()).as("audit level of a Secret read").isEqualTo("Metadata");
        assertThat(event.has("requestObject") || event.has("responseObject")).as("audit entry carries a body").isFalse();
        assertThat(event.path("user").path("username").asText()).isEqualTo(me);
        assertThat(event.path("responseStatus").path("code").asInt()).isEqualTo(200);
    }

    /** A Secret of this test with a random value, created in {@link #NAMESPACE}. */
    record ProbeSecret(String name, String value) {

        static ProbeSecret create(String prefix) {
            ProbeSecret secret = new ProbeSecret(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                    "ward-" + prefix + "-plaintext-" + UUID.randomUUID());
            Kubectl.ok("-n", NAMESPACE, "create", "secret", "generic", secret.name(), "--from-literal=value=" + secret.value());
            return secret;
        }
    }

    /** The raw value etcd holds under {@code key}, read by etcdctl inside kubeadm's etcd pod. */
    static String etcdValue(String key) {
        String etcd = Kubectl.ok("-n", "kube-system", "get", "pods", "-l", "component=etcd",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
        if (etcd.isEmpty()) {
            throw new AssertionError("no etcd pod (label component=etcd) in kube-system: is this the kind cluster of k8s/kind/cluster.yaml?");
        }
        String pki = "/etc/kubernetes/pki/etcd/";
        String stored = Kubectl.ok("-n", "kube-system", "exec", etcd, "--", "etcdctl", "--endpoints=https://127.0.0.1:2379",
                "--cacert=" + pki + "ca.crt", "--cert=" + pki + "healthcheck-client.crt", "--key=" + pki + "healthcheck-client.key",
                "get", key, "--print-value-only");
        if (stored.isEmpty()) {
            throw new AssertionError("etcd has no value under " + key);
        }
        return stored;
    }

    static String controlPlaneNode() {
        String node = Kubectl.ok("get", "nodes", "-l", "node-role.kubernetes.io/control-plane",
                "-o", "jsonpath={.items[0].metadata.name}").strip();
        if (node.isEmpty()) {
            throw new AssertionError("no node labelled node-role.kubernetes.io/control-plane");
        }
        return node;
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
