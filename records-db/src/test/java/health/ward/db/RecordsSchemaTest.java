package health.ward.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The schema, roles and grants on a real PostgreSQL server (the one {@link RecordsDatabases} chooses). */
@Tag("WARD-AUD-001")
class RecordsSchemaTest {

    private static RecordsDatabase db;

    @BeforeAll
    static void startDatabase() throws Exception {
        db = RecordsDatabases.start(Files.createTempDirectory("ward-records-db"), 0,
                "test-migrator-" + UUID.randomUUID(), "test-app-" + UUID.randomUUID());
        db.migrate();
    }

    @AfterAll
    static void stopDatabase() {
        db.close();
    }

    @Test
    void applicationRoleCanAppendAndReadAuditEvents() throws SQLException {
        UUID id = insertAuditEvent();
        try (Connection app = db.appConnection();
                PreparedStatement select = app.prepareStatement("SELECT outcome FROM ward.audit_event WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("SUCCESS");
            }
        }
    }

    @Test
    void applicationRoleHasNoUpdateOrDeleteGrantOnAuditEvents() throws SQLException {
        insertAuditEvent();
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE ward.audit_event SET outcome = 'DENIED'"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM ward.audit_event"))
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void triggerRejectsUpdateDeleteAndTruncateEvenForTheTableOwner() throws SQLException {
        insertAuditEvent();
        try (Connection owner = db.connection(RecordsDatabase.MIGRATOR_ROLE, db.migratorPassword());
                Statement st = owner.createStatement()) {
            assertThatThrownBy(() -> st.executeUpdate("UPDATE ward.audit_event SET outcome = 'DENIED'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.executeUpdate("DELETE FROM ward.audit_event"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> st.execute("TRUNCATE ward.audit_event"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void applicationRoleCannotChangeTheSchema() throws SQLException {
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            assertThatThrownBy(() -> st.execute("CREATE TABLE ward.sneaky (id int)"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("ALTER TABLE ward.audit_event DISABLE TRIGGER ALL"))
                    .hasMessageContaining("must be owner");
        }
    }

    @Test
    void rolesMustAuthenticateWithTheirPassword() {
        assertThatThrownBy(() -> db.connection(RecordsDatabase.APP_ROLE, "wrong-password").close())
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void patientTableStoresPhiColumnsOnlyAsBytea() throws SQLException {
        try (Connection app = db.appConnection(); Statement st = app.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT column_name, data_type FROM information_schema.columns
                        WHERE table_schema = 'ward' AND table_name = 'patient' AND column_name LIKE '%\\_ct'
                        """)) {
            int columns = 0;
            while (rs.next()) {
                columns++;
                assertThat(rs.getString("data_type")).as(rs.getString("column_name")).isEqualTo("bytea");
            }
            assertThat(columns).isGreaterThanOrEqualTo(5);
        }
    }

    private static UUID insertAuditEvent() throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection app = db.appConnection(); PreparedStatement insert = app.prepareStatement("""
                INSERT INTO ward.audit_event (id, occurred_at, action, resource_type, purpose_of_use, outcome)
                VALUES (?, now(), 'READ', 'Patient', 'TREAT', 'SUCCESS')
                """)) {
            insert.setObject(1, id);
            assertThat(insert.executeUpdate()).isEqualTo(1);
        }
        return id;
    }

}
