package health.ward.db;

import java.sql.SQLException;
import java.util.UUID;

import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Ward's database in a container of the very image the chart deploys ({@code recordsDb.image} in
 * {@code helm/ward/values.yaml}; a test keeps {@link #IMAGE} equal to it), for machines with a container
 * engine. Bootstrapped like {@link EmbeddedRecordsDb}: {@code roles.sql} through {@link ClusterBootstrap}
 * as the container's superuser, the same migrations, scram password authentication for every TCP
 * connection, Ward's roles included. {@link RecordsDatabases} starts it where an engine answers.
 */
public final class TestcontainersRecordsDb extends AbstractRecordsDatabase {

    /** The chart's {@code recordsDb.image.repository:tag}. */
    public static final String IMAGE = "docker.io/library/postgres:18.1";

    private final PostgreSQLContainer container;

    private TestcontainersRecordsDb(PostgreSQLContainer container, String migratorPassword, String appPassword) {
        super(migratorPassword, appPassword);
        this.container = container;
    }

    /** Starts a container (the engine maps a free port) and creates Ward's roles and database. */
    public static TestcontainersRecordsDb start(String migratorPassword, String appPassword) {
        PostgreSQLContainer container = container("superuser-" + UUID.randomUUID());
        container.start();
        TestcontainersRecordsDb db = new TestcontainersRecordsDb(container, migratorPassword, appPassword);
        try {
            ClusterBootstrap.run(db);
            return db;
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new IllegalStateException("could not bootstrap Ward's roles and database in " + IMAGE, e);
        }
    }

    /** The container as configured, not started: no engine is needed to build (and test) it. */
    static PostgreSQLContainer container(String superuserPassword) {
        return new PostgreSQLContainer(DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"))
                .withUsername(SUPERUSER)
                .withPassword(superuserPassword)
                .withDatabaseName("postgres")
                // Every TCP connection, the superuser's too, authenticates with scram; the socket inside
                // the container stays trusted for the image's own init scripts.
                .withEnv("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=trust")
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256")
                .withCommand("postgres", "-c", "password_encryption=scram-sha-256");
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    /** Random per container (see start). */
    @Override
    String superuserPassword() {
        return container.getPassword();
    }

    @Override
    public void close() {
        container.stop();
    }
}
