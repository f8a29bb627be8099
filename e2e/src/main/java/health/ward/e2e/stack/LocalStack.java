package health.ward.e2e.stack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import health.ward.db.RecordsDatabase;
import health.ward.db.RecordsDatabases;
import health.ward.testing.ManagedProcess;
import health.ward.testing.OpenBaoDevServer;
import health.ward.testing.RepoPaths;

/**
 * Ward on one machine, from real parts: PostgreSQL, OpenBao (Transit), Keycloak (realm ward) and the
 * packaged patient-api, each a separate process on 127.0.0.1. `make run` starts it on the documented
 * ports and the benchmarks on free ports, both with embedded PostgreSQL; the e2e local tier starts it on
 * free ports with the PostgreSQL {@link RecordsDatabases} chooses (embedded, or a container where an
 * engine answers). Closing it, or ending the JVM (Ctrl-C), stops every process it started.
 */
public final class LocalStack implements AutoCloseable {

    private final Ports ports;
    private final Path runDirectory;
    /** Null: the PostgreSQL RecordsDatabases chooses for this JVM. */
    private final RecordsDatabases.Kind databaseKind;
    private final boolean keycloakLink;
    private final List<AutoCloseable> started = new ArrayList<>();
    private RecordsDatabase database;
    private OpenBaoDevServer openBao;
    private KeycloakServer keycloak;
    private ManagedProcess patientApi;

    private LocalStack(Ports ports, Path runDirectory, RecordsDatabases.Kind databaseKind, boolean keycloakLink) {
        this.ports = ports;
        this.runDirectory = runDirectory;
        this.databaseKind = databaseKind;
        this.keycloakLink = keycloakLink;
    }

    /** With the PostgreSQL chosen for this JVM's tests; a container's port is the engine's, not ports.postgres(). */
    public static LocalStack start(Ports ports, Path runDirectory) {
        return new LocalStack(ports, runDirectory, null, false).startOrClose();
    }

    /** With the given PostgreSQL: `make run` and the benchmarks keep the embedded one they document. */
    public static LocalStack start(Ports ports, Path runDirectory, RecordsDatabases.Kind databaseKind) {
        return new LocalStack(ports, runDirectory, Objects.requireNonNull(databaseKind), false).startOrClose();
    }

    /**
     * As {@link #start(Ports, Path)}, with Keycloak {@linkplain KeycloakServer#link() behind a link} that
     * tests can cut: the e2e local tier, whose one stack is shared by every test class.
     */
    public static LocalStack startWithKeycloakLink(Ports ports, Path runDirectory) {
        return new LocalStack(ports, runDirectory, null, true).startOrClose();
    }

    private LocalStack startOrClose() {
        try {
            startAll();
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startAll() {
        // Fresh credentials each run: nothing to commit, nothing to leak between runs.
        Path dataDirectory = runDirectory.resolve("pgdata");
        String migratorPassword = "migrator-" + UUID.randomUUID();
        String appPassword = "app-" + UUID.randomUUID();
        database = track(databaseKind == null
                ? RecordsDatabases.start(dataDirectory, ports.postgres(), migratorPassword, appPassword)
                : RecordsDatabases.start(databaseKind, dataDirectory, ports.postgres(), migratorPassword, appPassword));
        openBao = track(OpenBaoDevServer.start(ports.openBao(), runDirectory));
        keycloak = track(KeycloakServer.start(ports.keycloak(), ports.keycloakManagement(), runDirectory, keycloakLink));
        patientApi = track(startPatientApi());
    }

    private ManagedProcess startPatientApi() {
        Path jar = RepoPaths.root().resolve("patient-api/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (./mvnw package)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        return ManagedProcess.start("patient-api", List.of(java, "-Xmx256m", "-jar", jar.toString()),
                patientApiEnvironment(ports.patientApi(), database.jdbcUrl()), runDirectory, runDirectory.resolve("patient-api.log"))
                .awaitHttp(apiUrl() + "/q/health/ready", Duration.ofSeconds(90));
    }

    /**
     * How a patient-api process is wired to this stack: on {@code port}, over the database at
     * {@code jdbcUrl} (this stack's, or another database on the same server, e.g. a restored dump).
     */
    public Map<String, String> patientApiEnvironment(int port, String jdbcUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_PASSWORD", database.appPassword());
        env.put("QUARKUS_DATASOURCE_MIGRATIONS_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_MIGRATIONS_PASSWORD", database.migratorPassword());
        env.put("QUARKUS_VAULT_URL", openBao.address());
        env.put("QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN", openBao.appToken());
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.issuer());
        return env;
    }

    private <T extends AutoCloseable> T track(T server) {
        started.add(server);
        return server;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + ports.patientApi();
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public RecordsDatabase database() {
        return database;
    }

    public OpenBaoDevServer openBao() {
        return openBao;
    }

    public ManagedProcess patientApi() {
        return patientApi;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** Stops every process, newest first. */
    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        started.clear();
    }

    /** `make run`: the documented ports, a banner, and a copy-paste example; Ctrl-C stops it all. */
    public static void main(String[] args) throws InterruptedException {
        Path run = RepoPaths.runDirectory("local-stack");
        PrintStream out = System.out;
        out.println("Starting Ward's local stack (logs in " + run + ") ...");
        // The documented port 15432 needs the embedded server: a container's port is the engine's choice.
        LocalStack stack = start(Ports.documented(), run, RecordsDatabases.Kind.EMBEDDED);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nStopping Ward's local stack ...");
            stack.close();
        }, "stop-local-stack"));
        out.println(banner(stack));
        Thread.currentThread().join();
    }

    static String banner(LocalStack stack) {
        Ports p = stack.ports;
        return """

                Ward local stack is up (local demo only; every server listens on 127.0.0.1):
                  patient-api  %s        (health: %s/q/health)
                  Keycloak     %s        (realm ward; demo users clin.ada, clin.ben, pat.carla, pat.dan, pat.gus, aud.eve, dpo.finn)
                  OpenBao      %s        (Transit key ward-patient-kek)
                  PostgreSQL   127.0.0.1:%d     (database ward; roles ward_migrator, ward_app)

                Try it (copy and paste into another terminal):

                  TOKEN=$(curl -s -d grant_type=password -d client_id=ward-cli -d username=clin.ada -d password=demo-ada \\
                    %s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                  ID=$(curl -s -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
                    -X POST %s/api/v1/patients \\
                    -d '{"identifier":"MRN-0001","name":{"family":"Example","given":["Alex"]},"birthDate":"1980-01-31","sex":"female"}' \\
                    | sed 's/.*"id":"\\([^"]*\\)".*/\\1/')
                  curl -s -H "Authorization: Bearer $TOKEN" %s/api/v1/patients/$ID; echo

                Press Ctrl-C to stop everything.
                """.formatted(stack.apiUrl(), stack.apiUrl(), stack.keycloak.baseUrl(), stack.openBao.address(),
                p.postgres(), stack.keycloak.tokenEndpoint(), stack.apiUrl(), stack.apiUrl());
    }

}
