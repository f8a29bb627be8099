package health.ward.patient.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import health.ward.testing.WardServersResource;
import io.restassured.response.Response;

/** What the audit tampering tests share: the insider's SQL, and the auditor's verdict. */
final class TrailTampering {

    private TrailTampering() {
    }

    /** An event as a Ward job writes it, at {@code occurredAt}; not yet MACed or stored. */
    static AuditEventEntity systemEvent(java.time.OffsetDateTime occurredAt) {
        AuditEventEntity event = new AuditEventEntity();
        event.id = java.util.UUID.randomUUID();
        event.occurredAt = AuditCanonicalForm.databasePrecision(occurredAt);
        event.actorSubject = "system:test";
        event.actorUsername = "test";
        event.actorRoles = new String[] { "system" };
        event.action = AuditAction.READ;
        event.resourceType = "Patient";
        event.purposeOfUse = "HOPERAT";
        event.outcome = AuditOutcome.SUCCESS;
        return event;
    }

    /** One audited request (the auditor's own search): one more event in the trail. */
    static void touchTrail() {
        given().queryParam("actor", "nobody").when().get("/api/v1/audit-events").then().statusCode(200);
    }

    static void assertBrokenAt(long sequence) {
        Response response = given().when().get("/api/v1/audit-events/verify");
        response.then().statusCode(200);
        assertThat(response.jsonPath().getBoolean("valid")).as(response.asString()).isFalse();
        assertThat(response.jsonPath().getLong("firstBrokenSequence")).as(response.asString()).isEqualTo(sequence);
    }

    static void assertValid() {
        Response response = given().when().get("/api/v1/audit-events/verify");
        assertThat(response.jsonPath().getBoolean("valid")).as(response.asString()).isTrue();
    }

    /** Superuser with triggers off (session_replication_role = replica): the strongest insider. */
    static void superuser(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); Statement st = db.createStatement()) {
            st.execute("SET session_replication_role = replica");
            st.execute(sql);
        }
    }

    /** The first column of the first row, or null if there is none. */
    static String single(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
