package health.ward.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;

/**
 * A second packaged patient-api, on its own port, over the same PostgreSQL, OpenBao and Keycloak as
 * a running {@link LocalStack}: the process the crash drill kills with SIGKILL and the start-up
 * benchmark measures, so the stack's own patient-api (shared with the other e2e tests) is never
 * disturbed. Two replicas over one database are a supported deployment (the audit sealer takes an
 * advisory lock).
 *
 * <p>It runs from a private copy of {@code patient-api/target/quarkus-app}, taken at the first
 * launch, so that a rebuild of the working tree during a long run cannot pull jars from under a
 * restart. Its environment is {@link LocalStack#patientApiEnvironment}, optionally over another
 * database of the same server (the erasure-restore proof starts one over a restored dump), which
 * then has an audit anchor of its own ({@code ward.audit.anchor-path}).
 */
public final class ExtraPatientApi implements AutoCloseable {

    private final LocalStack stack;
    private final int port;
    private final Path runDirectory;
    private final String jdbcUrl;
    private final Path packagedApp;
    private final Map<String, String> extraEnvironment = new java.util.HashMap<>();
    private ManagedProcess process;
    private long startedNanos;
    private Path appCopy;

    public ExtraPatientApi(LocalStack stack, int port, Path runDirectory) {
        this(stack, port, runDirectory, stack.database().jdbcUrl());
    }

    public ExtraPatientApi(LocalStack stack, int port, Path runDirectory, String jdbcUrl) {
        this(stack, port, runDirectory, jdbcUrl, RepoPaths.root().resolve("patient-api/target/quarkus-app"));
    }

    /** {@code packagedApp}: a quarkus-app directory, e.g. a benchmark-only build (see bench.mk). */
    public ExtraPatientApi(LocalStack stack, int port, Path runDirectory, String jdbcUrl, Path packagedApp) {
        this.stack = stack;
        this.port = port;
        this.runDirectory = runDirectory;
        this.jdbcUrl = jdbcUrl;
        this.packagedApp = packagedApp;
    }

    /** Overrides or adds environment variables of the process (before {@link #launch}). */
    public ExtraPatientApi withEnvironment(Map<String, String> environment) {
        extraEnvironment.putAll(environment);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the process and returns at once; {@link #startedNanos()} is the moment of the fork. */
    public ExtraPatientApi launch() {
        Path jar = snapshotOfPackagedApp().resolve("quarkus-run.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        Map<String, String> env = stack.patientApiEnvironment(port, jdbcUrl);
        if (!jdbcUrl.equals(stack.database().jdbcUrl())) {
            // Another database is another audit trail: it needs its own anchor in the shared OpenBao, or
            // each trail's sealer would find the other's newest checkpoint missing and stop sealing.
            env.put("WARD_AUDIT_ANCHOR_PATH", "trail-" + port);
        }
        env.putAll(extraEnvironment);
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        startedNanos = System.nanoTime();
        process = ManagedProcess.start("patient-api-" + port, List.of(java, "-Xmx256m", "-jar", jar.toString()), env,
                runDirectory, runDirectory.resolve("patient-api-" + port + ".log"));
        return this;
    }

    private Path snapshotOfPackagedApp() {
        Path packaged = packagedApp;
        if (appCopy != null) {
            return appCopy;
        }
        Path copy = runDirectory.resolve(packaged.getFileName() + "-" + port);
        if (!Files.isRegularFile(packaged.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(packaged + " is missing: build it first (./mvnw -DskipTests install)");
        }
        try (var files = Files.walk(packaged)) {
            deleteRecursively(copy);
            for (Path source : files.toList()) {
                Path target = copy.resolve(packaged.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
            appCopy = copy;
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not copy " + packaged, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Launches and waits for readiness. */
    public ExtraPatientApi start() {
        launch();
        process.awaitHttp(url() + "/q/health/ready", Duration.ofSeconds(90));
        return this;
    }

    public long startedNanos() {
        return startedNanos;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no graceful drain, in-flight transactions die with the process. */
    public void kill9() {
        // ProcessHandle.destroyForcibly is SIGKILL on Linux.
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow();
        handle.destroyForcibly();
        handle.onExit().join();
    }

    public long rssKiB() {
        return Rss.kib(process.pid());
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
