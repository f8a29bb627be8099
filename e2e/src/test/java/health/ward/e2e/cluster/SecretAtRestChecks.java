package health.ward.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the API server of k8s/kind/cluster.yaml is configured to do, checked where it lands: a
 * Secret's bytes in etcd are ciphertext of the secretbox provider of the EncryptionConfiguration made
 * from k8s/kind/encryption-config.yaml (WARD-ENC-004), and reading that Secret leaves an entry in the
 * API server's audit log, written under k8s/kind/audit-policy.yaml, at Metadata level, with the reader
 * and without the value (WARD-AUD-003).
 *
 * <p>The assertions are the same on every cluster; each tier's subclass says how to reach etcd and
 * the audit log there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SecretAtRestChecks {

    static final Duration LOGGED_WITHIN = Duration.ofSeconds(60);

    /** The namespace this class's Secrets go to. */
    protected abstract String namespace();

    /** The raw bytes etcd holds under {@code key}. */
    protected abstract byte[] etcdValue(String key) throws Exception;

    /** The lines of the API server's audit log that {@code keep} accepts. */
    protected abstract List<String> auditLogLines(Predicate<String> keep) throws Exception;

    /** What every encrypted Secret's bytes in etcd start with here, e.g. {@code k8s:enc:secretbox:v1:}. */
    protected abstract String encryptedPrefix() throws Exception;

    @BeforeAll
    void createNamespace() {
        WardRelease.ensureNamespace(namespace());
    }

    @AfterAll
    void removeNamespace() {
        Kubectl.run("delete", "namespace", namespace(), "--ignore-not-found", "--wait=false");
    }

    @Test
    @Tag("WARD-ENC-004")
    void aSecretIsStoredEncryptedInEtcd() throws Exception {
        ProbeSecret secret = ProbeSecret.create(namespace(), "etcd-probe");
        String stored = new String(etcdValue("/registry/secrets/" + namespace() + "/" + secret.name()), StandardCharsets.ISO_8859_1);
        assertThat(stored).as("the Secret's bytes in etcd").startsWith(encryptedPrefix())
                .doesNotContain(secret.value()).doesNotContain(base64(secret.value()));
        // Control: the API server still decrypts it, so the bytes above are this Secret, encrypted.
        String served = Kubectl.ok("-n", namespace(), "get", "secret", secret.name(), "-o", "jsonpath={.data.value}");
        assertThat(new String(Base64.getDecoder().decode(served.strip()), StandardCharsets.UTF_8)).isEqualTo(secret.value());
        // And a ConfigMap, which the configuration does not name, is stored as plain protobuf: the
        // prefix above is the provider's doing, not something the reading adds.
        String configMap = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        Kubectl.ok("-n", namespace(), "create", "configmap", configMap, "--from-literal=k=v");
        assertThat(new String(etcdValue("/registry/configmaps/" + namespace() + "/" + configMap), StandardCharsets.ISO_8859_1))
                .as("a ConfigMap in etcd").startsWith("k8s\0");
    }

    @Test
    @Tag("WARD-AUD-003")
    void readingASecretIsInTheApiAuditLogWithoutItsValue() {
        ProbeSecret secret = ProbeSecret.create(namespace(), "audit-probe");
        Kubectl.ok("-n", namespace(), "get", "secret", secret.name(), "-o", "name");
        String me = Kubectl.ok("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").strip();

        JsonNode event = ClusterWait.until("the audit log entry for get secrets/" + secret.name(), LOGGED_WITHIN, () -> {
            List<String> lines = auditLogLines(line -> line.contains("\"" + secret.name() + "\""));
            for (String line : lines) {
                assertThat(line).as("audit entry of the Secret").doesNotContain(secret.value()).doesNotContain(base64(secret.value()));
                JsonNode entry = WardRelease.JSON.readTree(line);
                JsonNode ref = entry.path("objectRef");
                if ("get".equals(entry.path("verb").asText()) && "secrets".equals(ref.path("resource").asText())
                        && namespace().equals(ref.path("namespace").asText()) && secret.name().equals(ref.path("name").asText())
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

    /** A Secret with a random value, created in {@code namespace}. */
    public record ProbeSecret(String name, String value) {

        public static ProbeSecret create(String namespace, String prefix) {
            ProbeSecret secret = new ProbeSecret(prefix + "-" + UUID.randomUUID().toString().substring(0, 8),
                    "ward-" + prefix + "-plaintext-" + UUID.randomUUID());
            Kubectl.ok("-n", namespace, "create", "secret", "generic", secret.name(), "--from-literal=value=" + secret.value());
            return secret;
        }
    }

    public static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
