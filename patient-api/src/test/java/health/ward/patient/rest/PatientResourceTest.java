package health.ward.patient.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.WardServersResource;
import static health.ward.testing.PatientFixtures.createPatient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * The patient API against real PostgreSQL and real OpenBao. Identity is simulated at this tier
 * ({@code @TestSecurity}); the e2e tier uses real Keycloak tokens.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
class PatientResourceTest {

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    @Tag("WARD-ENC-001")
    void clinicianCreatesAndReadsBackAPatient() {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String id = createPatient(marker);
        given().when().get("/api/v1/patients/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("organization", equalTo("north"))
                .body("identifier", equalTo("MRN-" + marker))
                .body("name.family", equalTo("Family" + marker))
                .body("name.given[0]", equalTo("Given" + marker))
                .body("birthDate", equalTo("1980-02-29"))
                .body("address", equalTo("1 Marker Street " + marker));
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    @Tag("WARD-ENC-001")
    void noPlaintextOfAnyPhiFieldReachesTheDatabase() throws SQLException {
        String marker = "enc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String id = createPatient(marker);
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement row = db.prepareStatement("SELECT * FROM ward.patient WHERE id = ?::uuid")) {
            row.setString(1, id);
            try (ResultSet rs = row.executeQuery()) {
                assertThat(rs.next()).isTrue();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    String text = value instanceof byte[] bytes
                            ? new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)
                            : String.valueOf(value);
                    assertThat(text).as(rs.getMetaData().getColumnName(i)).doesNotContain(marker);
                    columns.add(rs.getMetaData().getColumnName(i));
                }
                assertThat(columns).contains("family_ct", "birth_date_ct", "identifier_ct");
            }
        }
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    @Tag("WARD-AUD-001")
    void readLeavesASuccessAuditEventNamingTheActor() throws SQLException {
        String id = createPatient("aud" + UUID.randomUUID().toString().substring(0, 6));
        given().header("X-Request-Id", "req-read-1").when().get("/api/v1/patients/" + id).then().statusCode(200);
        assertThat(auditOutcomes(id, "READ")).containsExactly("SUCCESS");
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement(
                        "SELECT actor_username, actor_organization, purpose_of_use, request_id FROM ward.audit_event "
                                + "WHERE patient_id = ?::uuid AND action = 'READ'")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("clin.ada");
                assertThat(rs.getString(2)).isEqualTo("north");
                assertThat(rs.getString(3)).isEqualTo("TREAT");
                assertThat(rs.getString(4)).isEqualTo("req-read-1");
            }
        }
    }

    @Test
    @TestSecurity(user = "clin.ben", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "south"))
    @Tag("WARD-AUD-001")
    void clinicianOfAnotherOrganizationGetsTheSameAnswerAsForAMissingRecordButTheDenialIsAudited() throws SQLException {
        String id = createdByNorth();
        given().when().get("/api/v1/patients/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", equalTo("No such patient."))
                .body(not(containsString("Family")));
        assertThat(auditOutcomes(id, "READ")).containsExactly("DENIED");
    }

    @Test
    @TestSecurity(user = "pat.carla", roles = "patient")
    @Tag("WARD-AUD-001")
    void patientRoleIsForbiddenAndTheAttemptIsAudited() throws SQLException {
        String id = createdByNorth();
        given().when().get("/api/v1/patients/" + id)
                .then().statusCode(403).contentType("application/problem+json");
        assertThat(auditOutcomes(id, "READ")).containsExactly("DENIED");
    }

    @Test
    void anonymousCallerGets401ProblemJson() {
        given().when().get("/api/v1/patients/" + UUID.randomUUID())
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    void unknownPatientIs404AndAuditedAsNotFound() throws SQLException {
        String id = UUID.randomUUID().toString();
        given().when().get("/api/v1/patients/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(auditOutcomes(id, "READ")).containsExactly("NOT_FOUND");
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    void invalidInputIs400NamingFieldsButNeverEchoingValues() {
        given().contentType("application/json")
                .body("""
                        {"identifier":"","name":{"family":"SecretFamilyValue","given":[]},
                         "birthDate":"2999-01-01","sex":"SecretSexValue"}
                        """)
                .when().post("/api/v1/patients")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("birthDate"))
                .body("detail", containsString("sex"))
                .body(not(containsString("SecretFamilyValue")))
                .body(not(containsString("SecretSexValue")))
                .body(not(containsString("Exception")));
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    @Tag("WARD-ENC-001")
    void ciphertextMovedToAnotherRowIsRejectedNotDecrypted() throws SQLException {
        String victim = createPatient("victim" + UUID.randomUUID().toString().substring(0, 6));
        String target = createPatient("target" + UUID.randomUUID().toString().substring(0, 6));
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement copy = db.prepareStatement("""
                        UPDATE ward.patient SET family_ct = (SELECT family_ct FROM ward.patient WHERE id = ?::uuid),
                                                subject_key_id = (SELECT subject_key_id FROM ward.patient WHERE id = ?::uuid)
                        WHERE id = ?::uuid
                        """)) {
            copy.setString(1, victim);
            copy.setString(2, victim);
            copy.setString(3, target);
            assertThat(copy.executeUpdate()).isEqualTo(1);
        }
        given().when().get("/api/v1/patients/" + target)
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body(not(containsString("victim")));
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    @Tag("WARD-AUD-001")
    void whenTheAuditInsertFailsNoPhiIsReturned() throws SQLException {
        String marker = "failclosed" + UUID.randomUUID().toString().substring(0, 6);
        String id = createPatient(marker);
        try {
            superuser("REVOKE INSERT ON ward.audit_event FROM ward_app");
            given().when().get("/api/v1/patients/" + id)
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body(not(containsString(marker)));
        } finally {
            superuser("GRANT INSERT ON ward.audit_event TO ward_app");
        }
        assertThat(auditOutcomes(id, "READ")).isEmpty();
    }

    /**
     * A north patient row written straight into the database. Its ciphertexts are placeholders:
     * the organization check must deny before anything is decrypted, or the test sees a 500.
     */
    private static String createdByNorth() throws SQLException {
        UUID keyId = UUID.randomUUID();
        UUID id = UUID.randomUUID();
        try (Connection db = WardServersResource.database.superuserConnection("ward"); Statement st = db.createStatement()) {
            st.execute("INSERT INTO ward.subject_key (id, kek_name, wrapped_key) VALUES ('%s', 'ward-patient-kek', 'vault:v1:x')"
                    .formatted(keyId));
            st.execute(("INSERT INTO ward.patient (id, subject_key_id, organization, identifier_ct, family_ct, given_ct,"
                    + " birth_date_ct, sex_ct) VALUES ('%s', '%s', 'north', '\\x00', '\\x00', '\\x00', '\\x00', '\\x00')")
                    .formatted(id, keyId));
        }
        return id.toString();
    }

    private static List<String> auditOutcomes(String patientId, String action) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement(
                        "SELECT outcome FROM ward.audit_event WHERE patient_id = ?::uuid AND action = ? ORDER BY sequence")) {
            q.setString(1, patientId);
            q.setString(2, action);
            List<String> outcomes = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(rs.getString(1));
                }
            }
            return outcomes;
        }
    }

    private static void superuser(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); Statement st = db.createStatement()) {
            st.execute(sql);
        }
    }
}
