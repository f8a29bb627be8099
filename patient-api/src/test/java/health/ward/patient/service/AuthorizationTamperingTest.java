package health.ward.patient.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.TrustedWrites;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;

/**
 * Issue 18: the PostgreSQL superuser rewrites the data that decides who may read a record. Each attack
 * used to serve PHI; now each ends in a 500 problem+json with no PHI, an audit event (outcome ERROR)
 * naming the record and the caller, and an alert (a metric; the log line carries ids only).
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "pat.mallory", roles = { "clinician", "patient" })
@OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = "pat.mallory"),
        @Claim(key = "sub", value = "subject-of-mallory") })
class AuthorizationTamperingTest {

    @Inject
    TrustedWrites writes;

    @Test
    @Tag("WARD-IAM-001")
    @Tag("WARD-AUD-001")
    void anAccountLinkCopiedOntoAnotherRecordServesNothing() throws SQLException {
        String m = marker();
        String victim = PatientFixtures.createPatient("victim" + m);
        String mine = given().contentType("application/json")
                .body(PatientFixtures.body("mallory" + m).replace("\"pat.mallory" + m + "\"", "\"pat.mallory\""))
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
        given().when().get("/api/v1/me").then().statusCode(200).body("id", org.hamcrest.Matchers.equalTo(mine));

        // Mallory's account index onto the victim's row: the index now finds the victim's record.
        String mallorysIndex = single("SELECT account_bidx FROM ward.patient WHERE id = '" + mine + "'");
        sql("UPDATE ward.patient SET account_bidx = NULL WHERE id = '" + mine + "'",
                "UPDATE ward.patient SET account_bidx = '" + mallorysIndex + "' WHERE id = '" + victim + "'");
        refused(given().when().get("/api/v1/me").then(), "victim" + m);
        refused(given().when().get("/api/v1/me/observations").then(), "victim" + m);
        // ...and with Mallory's account ciphertext copied along: bound to Mallory's row, it does not open here.
        sql("UPDATE ward.patient SET account_username_ct = (SELECT account_username_ct FROM ward.patient WHERE id = '" + mine
                + "') WHERE id = '" + victim + "'");
        refused(given().when().get("/api/v1/me").then(), "victim" + m);

        assertThat(audit(victim)).containsSubsequence("pat.mallory/READ/Patient/ERROR", "pat.mallory/READ/Observation/ERROR",
                "pat.mallory/READ/Patient/ERROR");
        assertAlerted("account-link");
    }

    @Test
    @Tag("WARD-IAM-001")
    @Tag("WARD-AUD-001")
    void anOrganizationRewrittenInSqlServesNothing() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        writes.moveToOrganization(id, "south"); // another organization's record, as Ward wrote it
        given().when().get("/api/v1/patients/" + id).then().statusCode(404);

        sql("UPDATE ward.patient SET organization = 'north' WHERE id = '" + id + "'");
        refused(given().when().get("/api/v1/patients/" + id).then(), m);
        refused(given().when().get("/api/v1/patients/" + id + "/notes").then(), m);
        refused(given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients").then(), m);

        assertThat(audit(id)).contains("pat.mallory/READ/Patient/DENIED", "pat.mallory/READ/Patient/ERROR",
                "pat.mallory/READ/DocumentReference/ERROR");
        assertAlerted("patient-authz");
    }

    @Test
    @Tag("WARD-GDPR-003")
    @Tag("WARD-IAM-001")
    void aRestrictionLiftedInSqlServesNothing() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        writes.restrict(id);
        given().when().get("/api/v1/patients/" + id).then().statusCode(403);

        sql("UPDATE ward.patient SET restricted = false WHERE id = '" + id + "'");
        refused(given().when().get("/api/v1/patients/" + id).then(), m);
        assertThat(audit(id)).contains("pat.mallory/READ/Patient/ERROR");
    }

    @Test
    @Tag("WARD-IAM-004")
    @Tag("WARD-AUD-001")
    void aForgedOrExtendedBreakGlassGrantServesNothing() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        writes.moveToOrganization(id, "south");

        // A grant Ward never wrote, for Mallory, expiring in 2099: no ETREAT header, no reason, no alert.
        sql("INSERT INTO ward.break_glass_grant (id, actor_subject, actor_username, patient_id, reason_ct, expires_at) "
                + "VALUES (gen_random_uuid(), 'subject-of-mallory', 'pat.mallory', '" + id + "', '\\x01', '2099-01-01')");
        refused(given().when().get("/api/v1/patients/" + id).then(), m);
        assertThat(audit(id)).contains("pat.mallory/READ/Patient/ERROR");
        assertAlerted("break-glass-grant");

        // A real grant, expired, then extended in SQL: its expiry is under the MAC.
        sql("DELETE FROM ward.break_glass_grant WHERE patient_id = '" + id + "'");
        given().header("X-Purpose-Of-Use", "ETREAT")
                .header("X-Break-Glass-Reason", "Unconscious patient in the emergency department, no records at hand")
                .when().get("/api/v1/patients/" + id).then().statusCode(200);
        sql("UPDATE ward.break_glass_grant SET expires_at = now() - interval '1 second' WHERE patient_id = '" + id + "'");
        given().when().get("/api/v1/patients/" + id).then().statusCode(404);
        sql("UPDATE ward.break_glass_grant SET expires_at = '2099-01-01' WHERE patient_id = '" + id + "'");
        refused(given().when().get("/api/v1/patients/" + id).then(), m);
    }

    @Test
    @Tag("WARD-ENC-001")
    @Tag("WARD-AUD-001")
    void anOlderCiphertextOfTheSameRowAndColumnDoesNotOpen() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        byte[] oldAddress = bytes("SELECT address_ct FROM ward.patient WHERE id = '" + id + "'");
        given().contentType("application/json").body(PatientFixtures.body(m).replace("1 Marker Street", "2 Moved Street"))
                .when().put("/api/v1/patients/" + id).then().statusCode(200);
        given().when().get("/api/v1/patients/" + id).then().statusCode(200).body("address", containsString("2 Moved Street"));

        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement swap = db.prepareStatement("UPDATE ward.patient SET address_ct = ? WHERE id = ?::uuid")) {
            swap.setBytes(1, oldAddress);
            swap.setString(2, id);
            assertThat(swap.executeUpdate()).isEqualTo(1);
        }
        refused(given().when().get("/api/v1/patients/" + id).then(), "1 Marker Street");
        assertThat(audit(id)).contains("pat.mallory/READ/Patient/ERROR");
        assertAlerted("ciphertext");
    }

    /** 500 problem+json, nothing of the record in it, no stack trace. */
    private static void refused(ValidatableResponse response, String marker) {
        response.statusCode(500).contentType("application/problem+json")
                .body("detail", containsString("integrity check"))
                .body(not(containsString(marker)))
                .body(not(containsString("Exception")));
    }

    private static void assertAlerted(String kind) {
        assertThat(given().when().get("/q/metrics").asString())
                .containsPattern("ward_integrity_failures_total\\{kind=\"" + kind + "\",?\\} [1-9]");
    }

    private static String marker() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    private static List<String> audit(String patientId) throws SQLException {
        return health.ward.testing.AuditRows.of(patientId, "actor_username", "action", "resource_type", "outcome");
    }

    private static String single(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); PreparedStatement q = db.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static byte[] bytes(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); PreparedStatement q = db.prepareStatement(sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    /** The attacker: the PostgreSQL superuser, triggers off. */
    private static void sql(String... statements) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward")) {
            db.createStatement().execute("SET session_replication_role = replica");
            for (String statement : statements) {
                db.createStatement().execute(statement);
            }
        }
    }
}
