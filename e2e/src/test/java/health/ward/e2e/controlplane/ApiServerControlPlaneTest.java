package health.ward.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardRelease;

/**
 * What the API server is configured to do, checked where it lands on a real control plane: a
 * Secret's bytes in etcd are ciphertext of the secretbox provider of the EncryptionConfiguration
 * made from k8s/kind/encryption-config.yaml (WARD-ENC-004); reading that Secret leaves a
 * Metadata-level entry in the audit log written under k8s/kind/audit-policy.yaml, naming the reader
 * and without the value (WARD-AUD-003); and a request without credentials, or from a group no Role
 * names, is refused (WARD-IAM-002).
 *
 * <p>The same files and the same assertions as {@code EtcdSecretEncryptionKindTest}; what differs is
 * only the access: etcd is read with etcdctl and the client certificate of this run's etcd CA, and
 * the audit log is the API server's file.
 */
@Tag("control-plane")
@ExtendWith(LocalControlPlane.class)
class ApiServerControlPlaneTest {

    static final String NAMESPACE = "ward-cp-apiserver";
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
    void aSecretIsStoredEncryptedInEtcdWithTheConfiguredKey() throws IOException {
        ProbeSecret secret = ProbeSecret.create("etcd-probe");
        byte[] stored = etcdValue("/registry/secrets/" + NAMESPACE + "/" + secret.name());
        String storedText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(storedText).as("the Secret's bytes in etcd")
                .startsWith("k8s:enc:secretbox:v1:" + encryptionKeyName() + ":")
                .doesNotContain(secret.value()).doesNotContain(base64(secret.value()));
        // Control: the API server still decrypts it, so the bytes above are this Secret, encrypted.
        String served = Kubectl.ok("-n", NAMESPACE, "get", "secret", secret.name(), "-o", "jsonpath={.data.value}");
        assertThat(new String(Base64.getDecoder().decode(served.strip()), StandardCharsets.UTF_8)).isEqualTo(secret.value());
        // And a ConfigMap, which the configuration does not name, is stored as plain protobuf: the
        // prefix above is the provider's doing, not something etcdctl adds.
        String configMap = "plain-" + UUID.randomUUID().toString().substring(0, 8);
        Kubectl.ok("-n", NAMESPACE, "create", "configmap", configMap, "--from-literal=k=v");
        assertThat(new String(etcdValue("/registry/configmaps/" + NAMESPACE + "/" + configMap), StandardCharsets.ISO_8859_1))
                .as("a ConfigMap in etcd").startsWith("k8s\0");
    }

    @Test
    @Tag("WARD-AUD-003")
    void readingASecretIsInTheApiAuditLogWithoutItsValue() {
        ProbeSecret secret = ProbeSecret.create("audit-probe");
        Kubectl.ok("-n", NAMESPACE, "get", "secret", secret.name(), "-o", "name");
        String me = Kubectl.ok("auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").strip();
        Path auditLog = Path.of(LocalControlPlane.env("WARD_AUDIT_LOG"));

        JsonNode event = ClusterWait.until("the audit log entry for get secrets/" + secret.name(), LOGGED_WITHIN, () -> {
            List<String> lines;
            try (Stream<String> all = Files.lines(auditLog, StandardCharsets.UTF_8)) {
                lines = all.filter(line -> line.contains("\"" + secret.name() + "\"")).toList();
            }
            for (String line : lines) {
                assertThat(line).as("audit entry of the Secret").doesNotContain(secret.value()).doesNotContain(base64(secret.value()));
                JsonNode entry = WardRelease.JSON.readTree(line);
                JsonNode ref = entry.path("objectRef");
                if ("get".equals(entry.path("verb").asText()) && "secrets".equals(ref.path("resource").asText())
                        && NAMESPACE.equals(ref.path("namespace").asText()) && secret.name().equals(ref.path("name").asText())
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

    @Test
    @Tag("WARD-IAM-002")
    void aRequestWithoutCredentialsOrFromAnUnboundGroupIsRefused() throws Exception {
        ProbeSecret secret = ProbeSecret.create("refused-probe");
        HttpResponse<String> anonymous = anonymousGet("/api/v1/namespaces/" + NAMESPACE + "/secrets/" + secret.name());
        assertThat(anonymous.statusCode()).as("anonymous read of a Secret: %s", anonymous.body()).isIn(401, 403);
        assertThat(anonymous.body()).doesNotContain(base64(secret.value()));

        Kubectl.Result stranger = Kubectl.run("-n", NAMESPACE, "get", "secret", secret.name(),
                "--as=ward-cp-stranger", "--as-group=ward-operators-unknown");
        assertThat(stranger.exitCode()).as("read by a group no binding names: %s", stranger.describe()).isNotZero();
        assertThat(stranger.stderr()).contains("Forbidden").contains("ward-cp-stranger");
        assertThat(stranger.stdout()).doesNotContain(base64(secret.value()));
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

    /** The raw bytes etcd holds under {@code key}, read with etcdctl as a client of this run's etcd CA. */
    static byte[] etcdValue(String key) throws IOException {
        List<String> command = List.of(LocalControlPlane.env("WARD_ETCDCTL"),
                "--endpoints=" + LocalControlPlane.env("WARD_ETCD_ENDPOINT"), "--cacert=" + LocalControlPlane.env("WARD_ETCD_CACERT"),
                "--cert=" + LocalControlPlane.env("WARD_ETCD_CERT"), "--key=" + LocalControlPlane.env("WARD_ETCD_KEY"),
                "--command-timeout=10s", "get", key, "-w", "json");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError("etcdctl get " + key + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode kvs = WardRelease.JSON.readTree(output).path("kvs");
        if (kvs.isEmpty()) {
            throw new AssertionError("etcd has no value under " + key);
        }
        return Base64.getDecoder().decode(kvs.get(0).path("value").asText());
    }

    /** The name of the encrypting key, the first provider's first key in the API server's EncryptionConfiguration. */
    static String encryptionKeyName() throws IOException {
        JsonNode config = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                .readTree(Path.of(LocalControlPlane.env("WARD_ENCRYPTION_CONFIG")).toFile());
        JsonNode first = config.path("resources").get(0).path("providers").get(0);
        assertThat(first.has("secretbox")).as("first provider of %s", first).isTrue();
        return first.path("secretbox").path("keys").get(0).path("name").asText();
    }

    /** A GET with no client certificate and no token, trusting only this run's CA. */
    static HttpResponse<String> anonymousGet(String path) throws IOException, GeneralSecurityException, InterruptedException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream ca = Files.newInputStream(Path.of(LocalControlPlane.env("WARD_CA_CERT")))) {
            trust.setCertificateEntry("ward-local-ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create(LocalControlPlane.env("WARD_APISERVER_URL") + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
