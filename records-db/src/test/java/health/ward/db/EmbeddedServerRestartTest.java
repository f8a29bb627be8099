package health.ward.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outage drill's lever: the embedded server really stops (connections refused) and comes back
 * on the same port with its committed data and Ward's roles intact.
 */
class EmbeddedServerRestartTest {

    @Test
    void stopsRefusingConnectionsAndStartsAgainWithItsData(@TempDir Path dir) throws Exception {
        try (EmbeddedRecordsDb db = EmbeddedRecordsDb.start(dir.resolve("pgdata"), 0, "migrator-pw", "app-pw")) {
            int port = db.port();
            try (Connection c = db.superuserConnection(RecordsDatabase.DATABASE); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE drill (v text)");
                s.execute("INSERT INTO drill VALUES ('committed before the stop')");
            }

            db.stopServer();
            assertThatThrownBy(() -> db.superuserConnection(RecordsDatabase.DATABASE).close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(db::stopServer).hasMessageContaining("already stopped");

            db.startServer();
            assertThat(db.port()).isEqualTo(port);
            try (Connection c = db.superuserConnection(RecordsDatabase.DATABASE); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM drill")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed before the stop");
            }
            try (Connection app = db.appConnection(); Statement s = app.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_user, inet_server_addr()::text")) {
                rs.next();
                assertThat(rs.getString(1)).as("Ward's roles and scram auth survive").isEqualTo(RecordsDatabase.APP_ROLE);
                assertThat(rs.getString(2)).as("still loopback only").startsWith("127.0.0.1");
            }
            assertThatThrownBy(db::startServer).hasMessageContaining("not stopped");
        }
    }
}
