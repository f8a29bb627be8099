package health.ward.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import health.ward.db.RecordsDatabase;
import health.ward.db.RecordsDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts the real servers patient-api needs for {@code @QuarkusTest}: PostgreSQL (Ward's roles; embedded
 * or in a container, as {@link RecordsDatabases} chooses) and OpenBao (Transit, Ward's policy). Identity
 * comes from {@code @TestSecurity} at this tier; the e2e module runs the packaged service against a real
 * Keycloak.
 */
public class WardServersResource implements QuarkusTestResourceLifecycleManager {

    /** Shared with tests that need to look at the database directly. */
    public static RecordsDatabase database;
    public static OpenBaoDevServer openBao;
    /** patient-api reaches OpenBao through this relay, so tests can cut the link (an outage). */
    public static TcpProxy vaultLink;
    /** patient-api reaches PostgreSQL through this relay (application pool only). */
    public static TcpProxy databaseLink;

    /** Init arg: rotate the blind-index key once after bootstrap (version 2 exists), for re-index tests. */
    public static final String ROTATE_BLIND_INDEX_KEY = "rotate-blind-index-key";
    private boolean rotateBlindIndexKey;

    @Override
    public void init(Map<String, String> initArgs) {
        rotateBlindIndexKey = Boolean.parseBoolean(initArgs.getOrDefault(ROTATE_BLIND_INDEX_KEY, "false"));
    }

    @Override
    public Map<String, String> start() {
        Path run = RepoPaths.runDirectory("patient-api-test-" + ProcessHandle.current().pid());
        database = RecordsDatabases.start(run.resolve("pgdata"), 0,
                "migrator-" + UUID.randomUUID(), "app-" + UUID.randomUUID());
        // Quarkus checks every ward.* system property against WardConfig and refuses unknown ones, such
        // as ward.test.database (Maven passes it, empty unless -D sets it). The choice is made for this
        // JVM by now, so the property has done its job: take it out before the application's config.
        System.clearProperty(RecordsDatabases.PROPERTY);
        openBao = OpenBaoDevServer.start(ManagedProcess.freePort(), run);
        if (rotateBlindIndexKey) {
            openBao.post("transit/keys/ward-blind-index/rotate", "{}");
        }
        Map<String, String> config = new HashMap<>();
        databaseLink = new TcpProxy(database.host(), database.port());
        config.put("quarkus.datasource.jdbc.url", RecordsDatabase.jdbcUrl("127.0.0.1", databaseLink.port(), RecordsDatabase.DATABASE));
        config.put("quarkus.datasource.migrations.jdbc.url", database.jdbcUrl());
        config.put("quarkus.datasource.password", database.appPassword());
        config.put("quarkus.datasource.migrations.password", database.migratorPassword());
        vaultLink = new TcpProxy(Integer.parseInt(openBao.address().replaceAll(".*:", "")));
        config.put("quarkus.vault.url", "http://127.0.0.1:" + vaultLink.port());
        config.put("quarkus.vault.authentication.client-token", openBao.appToken());
        return config;
    }

    @Override
    public void stop() {
        if (vaultLink != null) {
            vaultLink.close();
        }
        if (databaseLink != null) {
            databaseLink.close();
        }
        if (openBao != null) {
            openBao.close();
        }
        if (database != null) {
            database.close();
        }
    }
}
