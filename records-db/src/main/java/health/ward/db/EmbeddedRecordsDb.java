package health.ward.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A real PostgreSQL server (zonky's embedded binaries), bootstrapped exactly as a cluster would be:
 * Ward's roles and database from {@code roles.sql}, password authentication for every role but the
 * local superuser, listening on 127.0.0.1 only. Used by the tests and by {@code make run}; never by
 * the deployed service.
 */
public final class EmbeddedRecordsDb extends AbstractRecordsDatabase {

    private static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;

    private EmbeddedRecordsDb(EmbeddedPostgres postgres, String migratorPassword,
            String appPassword) {
        super(migratorPassword, appPassword);
        this.postgres = postgres;
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
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
            EmbeddedRecordsDb db = new EmbeddedRecordsDb(postgres, migratorPassword, appPassword);
            ClusterBootstrap.run(db);
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

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    /** pg_hba trusts the superuser over loopback (see writeHba). */
    @Override
    String superuserPassword() {
        return "";
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
