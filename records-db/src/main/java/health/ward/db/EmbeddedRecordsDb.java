package health.ward.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL server (zonky's embedded binaries), bootstrapped exactly as a cluster would be:
 * Ward's roles and database from {@code roles.sql}, password authentication for every role but the
 * local superuser, listening on 127.0.0.1 only. Used by the tests and by {@code make run}; never by
 * the deployed service.
 */
public final class EmbeddedRecordsDb implements AutoCloseable {

    public static final String DATABASE = "ward";
    public static final String MIGRATOR_ROLE = "ward_migrator";
    public static final String APP_ROLE = "ward_app";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String migratorPassword;
    private final String appPassword;

    private EmbeddedRecordsDb(EmbeddedPostgres postgres, Path dataDirectory, String migratorPassword,
            String appPassword) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.migratorPassword = migratorPassword;
        this.appPassword = appPassword;
    }

    /**
     * Starts a fresh server in {@code dataDirectory} (emptied first) on {@code port} (0 picks a free
     * one) and creates Ward's roles and database.
     */
    public static EmbeddedRecordsDb start(Path dataDirectory, int port, String migratorPassword,
            String appPassword) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPort(port == 0 ? 0 : port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
            EmbeddedRecordsDb db = new EmbeddedRecordsDb(postgres, dataDirectory, migratorPassword, appPassword);
            try (Connection superuser = db.superuserConnection("postgres")) {
                ClusterBootstrap.run(superuser, Map.of(
                        "migrator_password", migratorPassword,
                        "app_password", appPassword));
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not bootstrap Ward's roles and database", e);
        }
    }

    /** Only the local superuser is trusted, and only over loopback; Ward's roles must authenticate. */
    private static void writeHba(Path dataDir) {
        String hba = """
                # Written by EmbeddedRecordsDb: local test/demo server only.
                local   all  postgres                  trust
                host    all  postgres  127.0.0.1/32    trust
                host    all  all       127.0.0.1/32    scram-sha-256
                """;
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies Ward's migrations as the migration role, as patient-api does at start. */
    public void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl(), MIGRATOR_ROLE, migratorPassword)
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", APP_ROLE))
                .load()
                .migrate();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String migratorPassword() {
        return migratorPassword;
    }

    public String appPassword() {
        return appPassword;
    }

    public Connection superuserConnection(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, "postgres", "");
    }

    public Connection connection(String role, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), role, password);
    }

    public Connection appConnection() throws SQLException {
        return connection(APP_ROLE, appPassword);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        }
    }
}
