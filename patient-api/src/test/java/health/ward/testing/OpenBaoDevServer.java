package health.ward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenBao server (the official `bao` binary, pinned by `make tools`) in dev mode: in-memory,
 * unsealed, bound to 127.0.0.1, with Ward's Transit key and policy bootstrapped by
 * {@code k8s/vault/bootstrap.sh} — the same script an operator runs against a real cluster.
 */
public final class OpenBaoDevServer implements AutoCloseable {

    private final ManagedProcess process;
    private final String address;
    private final String rootToken;
    private final String appToken;

    private OpenBaoDevServer(ManagedProcess process, String address, String rootToken, String appToken) {
        this.process = process;
        this.address = address;
        this.rootToken = rootToken;
        this.appToken = appToken;
    }

    public static OpenBaoDevServer start(int port, Path runDirectory) {
        Path bao = RepoPaths.tool("bin/bao");
        String address = "http://127.0.0.1:" + port;
        String rootToken = "dev-root-" + UUID.randomUUID();
        ManagedProcess process = ManagedProcess.start("openbao",
                List.of(bao.toString(), "server", "-dev", "-dev-root-token-id=" + rootToken,
                        "-dev-listen-address=127.0.0.1:" + port, "-dev-no-store-token"),
                Map.of("HOME", runDirectory.toString()), runDirectory, runDirectory.resolve("openbao.log"))
                .awaitHttp(address + "/v1/sys/health", Duration.ofSeconds(30));
        String appToken = bootstrap(bao, address, rootToken, runDirectory);
        return new OpenBaoDevServer(process, address, rootToken, appToken);
    }

    private static String bootstrap(Path bao, String address, String rootToken, Path runDirectory) {
        Path script = RepoPaths.root().resolve("k8s/vault/bootstrap.sh");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(runDirectory.resolve("openbao-bootstrap.log").toFile()));
        builder.environment().putAll(Map.of(
                "BAO_ADDR", address,
                "BAO_TOKEN", rootToken,
                "WARD_ISSUE_APP_TOKEN", "1",
                "HOME", runDirectory.toString(),
                "PATH", bao.getParent() + ":" + System.getenv("PATH")));
        try {
            Process p = builder.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                throw new IllegalStateException("OpenBao bootstrap failed; see " + runDirectory.resolve("openbao-bootstrap.log"));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String address() {
        return address;
    }

    /** Root token of this throwaway dev server: for test assertions and bootstrap only. */
    public String rootToken() {
        return rootToken;
    }

    /** Token limited to patient-api's policy. */
    public String appToken() {
        return appToken;
    }

    /** A write with the root token (test set-up only); returns the response body, fails on non-2xx. */
    public String post(String path, String json) {
        return send("POST", path, java.net.http.HttpRequest.BodyPublishers.ofString(json));
    }

    /** A delete with the root token: what an operator, not the application, may do. Fails on non-2xx. */
    public String delete(String path) {
        return send("DELETE", path, java.net.http.HttpRequest.BodyPublishers.noBody());
    }

    private String send(String method, String path, java.net.http.HttpRequest.BodyPublisher body) {
        try {
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(address + "/v1/" + path))
                            .header("X-Vault-Token", rootToken)
                            .method(method, body).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("OpenBao " + path + " answered HTTP " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
