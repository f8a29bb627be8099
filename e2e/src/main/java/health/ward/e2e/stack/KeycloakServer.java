package health.ward.e2e.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;
import health.ward.testing.TcpProxy;

/**
 * A real Keycloak (the distribution `make tools` unpacked into .tools/) in dev mode with an in-memory
 * database, realm {@code ward} imported from the local demo realm, bound to 127.0.0.1.
 *
 * <p>Started {@linkplain #start(int, int, Path, boolean) behind a link}, its clients (patient-api and the
 * tests) reach it through a loopback relay that a test can {@linkplain #link() cut}: Keycloak down as
 * everyone sees it, while the server keeps its keys, so restoring the link is instant (a restart costs
 * minutes on a loaded machine). Keycloak names the issuer of a token after the address it was asked at,
 * so every client must use {@link #baseUrl()}.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "ward";
    static final String REALM_RESOURCE = "keycloak/ward-realm.local.json";

    private final ManagedProcess process;
    private final String directUrl;
    /** Null when clients talk to Keycloak directly. */
    private final TcpProxy link;

    private KeycloakServer(ManagedProcess process, String directUrl, TcpProxy link) {
        this.process = process;
        this.directUrl = directUrl;
        this.link = link;
    }

    /** Clients talk to Keycloak on {@code port} directly (`make run`). */
    public static KeycloakServer start(int port, int managementPort, Path runDirectory) {
        return start(port, managementPort, runDirectory, false);
    }

    public static KeycloakServer start(int port, int managementPort, Path runDirectory, boolean behindLink) {
        Path home = keycloakHome();
        Path kcSh = home.resolve("bin/kc.sh");
        importRealm(home);
        String baseUrl = "http://127.0.0.1:" + port;
        // The first start of a fresh install re-augments Keycloak (about a minute on 2 idle cores,
        // several under load); later starts take ~20 s. The wait is generous, not a performance claim.
        ManagedProcess process = ManagedProcess.start("keycloak",
                List.of(kcSh.toString(), "start-dev",
                        "--http-host=127.0.0.1", "--http-port=" + port,
                        "--http-management-port=" + managementPort,
                        "--db=dev-mem", "--import-realm"),
                Map.of("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m"),
                runDirectory, runDirectory.resolve("keycloak.log"))
                .awaitHttp(baseUrl + "/realms/" + REALM + "/.well-known/openid-configuration", Duration.ofSeconds(420));
        return new KeycloakServer(process, baseUrl, behindLink ? new TcpProxy(port) : null);
    }

    private static Path keycloakHome() {
        Path tools = RepoPaths.root().resolve(".tools");
        try (var dirs = Files.list(tools)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-"))
                    .filter(d -> Files.isRegularFile(d.resolve(".installed")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("Keycloak is not installed under " + tools
                            + ": run `make tools` (make test does it for you)"));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak is not installed under " + tools + ": run `make tools`", e);
        }
    }

    /** `--import-realm` reads $KEYCLOAK_HOME/data/import; the realm file is the same on every run. */
    private static void importRealm(Path home) {
        try (InputStream realm = KeycloakServer.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (realm == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath");
            }
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, importDir.resolve("ward-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients reach Keycloak: through the link, if it has one. */
    public String baseUrl() {
        return link == null ? directUrl : "http://127.0.0.1:" + link.port();
    }

    /** Keycloak itself, bypassing the link: to tell a cut link from a dead server. */
    public String directUrl() {
        return directUrl;
    }

    /** The relay between Keycloak and its clients; cut it for an outage, restore it after. */
    public TcpProxy link() {
        if (link == null) {
            throw new IllegalStateException("this Keycloak was started without a link");
        }
        return link;
    }

    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        process.close();
    }
}
