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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.SecretAtRestChecks;
import health.ward.e2e.cluster.WardRelease;

/**
 * {@link SecretAtRestChecks} on the local control plane (the same EncryptionConfiguration template
 * and audit policy as kind): etcd is read with etcdctl and the client certificate of this run's etcd
 * CA, the audit log is the API server's file, and the prefix must name the configured key. And a
 * request without credentials, or from a group no Role names, is refused (WARD-IAM-002).
 */
@Tag("control-plane")
@ExtendWith(LocalControlPlane.class)
class ApiServerControlPlaneTest extends SecretAtRestChecks {

    static final String NAMESPACE = "ward-cp-apiserver";

    @Override
    protected String namespace() {
        return NAMESPACE;
    }

    @Override
    protected String encryptedPrefix() throws IOException {
        return "k8s:enc:secretbox:v1:" + encryptionKeyName() + ":";
    }

    @Override
    protected List<String> auditLogLines(Predicate<String> keep) throws IOException {
        try (Stream<String> all = Files.lines(Path.of(LocalControlPlane.env("WARD_AUDIT_LOG")), StandardCharsets.UTF_8)) {
            return all.filter(keep).toList();
        }
    }

    @Test
    @Tag("WARD-IAM-002")
    void aRequestWithoutCredentialsOrFromAnUnboundGroupIsRefused() throws Exception {
        ProbeSecret secret = ProbeSecret.create(NAMESPACE, "refused-probe");
        HttpResponse<String> anonymous = anonymousGet("/api/v1/namespaces/" + NAMESPACE + "/secrets/" + secret.name());
        assertThat(anonymous.statusCode()).as("anonymous read of a Secret: %s", anonymous.body()).isIn(401, 403);
        assertThat(anonymous.body()).doesNotContain(base64(secret.value()));

        Kubectl.Result stranger = Kubectl.run("-n", NAMESPACE, "get", "secret", secret.name(),
                "--as=ward-cp-stranger", "--as-group=ward-operators-unknown");
        assertThat(stranger.exitCode()).as("read by a group no binding names: %s", stranger.describe()).isNotZero();
        assertThat(stranger.stderr()).contains("Forbidden").contains("ward-cp-stranger");
        assertThat(stranger.stdout()).doesNotContain(base64(secret.value()));
    }

    /** The raw bytes etcd holds under {@code key}, read with etcdctl as a client of this run's etcd CA. */
    @Override
    protected byte[] etcdValue(String key) throws IOException {
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
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
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
        JsonNode config = new YAMLMapper().readTree(Path.of(LocalControlPlane.env("WARD_ENCRYPTION_CONFIG")).toFile());
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
}
