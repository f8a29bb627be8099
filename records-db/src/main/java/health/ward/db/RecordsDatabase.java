package health.ward.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL server bootstrapped as a cluster would be: Ward's roles and database from
 * {@code roles.sql} (run by {@link ClusterBootstrap} as the superuser), password (scram) authentication
 * for Ward's roles. Tests, {@code make run} and the benchmarks use it; the deployed service never does.
 * {@link RecordsDatabases} picks the implementation: {@link EmbeddedRecordsDb} or
 * {@link TestcontainersRecordsDb}.
 */
public interface RecordsDatabase extends AutoCloseable {

    String DATABASE = "ward";
    String MIGRATOR_ROLE = "ward_migrator";
    String APP_ROLE = "ward_app";

    /** Where clients reach the server (an address of this machine, or of the container engine's host). */
    String host();

    int port();

    String migratorPassword();

    String appPassword();

    /** A superuser connection to {@code database}: for bootstrap and for tests that inspect raw rows. */
    Connection superuserConnection(String database) throws SQLException;

    /**
     * The environment for a PostgreSQL client tool ({@code pg_dump}, {@code psql}) to act as the
     * superuser against this server: PGHOST, PGPORT, PGUSER and, where one is needed, PGPASSWORD.
     */
    Map<String, String> superuserClientEnvironment();


    @Override
    void close();

    static String jdbcUrl(String host, int port, String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    default String jdbcUrl() {
        return jdbcUrl(host(), port(), DATABASE);
    }

    default Connection connection(String role, String password) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), role, password);
    }

    default Connection appConnection() throws SQLException {
        return connection(APP_ROLE, appPassword());
    }

    /** Applies Ward's migrations as the migration role, as patient-api does at start. */
    default void migrate() {
        Flyway.configure()
                .dataSource(jdbcUrl(), MIGRATOR_ROLE, migratorPassword())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", APP_ROLE))
                .load()
                .migrate();
    }
}
