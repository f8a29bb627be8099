package health.ward.patient.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** Search by blind index, rectification, observations and notes, against real PostgreSQL and OpenBao. */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
class ClinicalRecordTest {

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Test
    @Tag("WARD-ENC-001")
    void searchByIdentifierMatchesExactlyAfterNormalisation() {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        given().queryParam("identifier", "mrn " + m).when().get("/api/v1/patients")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));
        given().queryParam("identifier", "MRN-" + m + "x").when().get("/api/v1/patients")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    @Tag("WARD-ENC-001")
    void searchByFamilyAndBirthDateIgnoresCaseAccentsAndSpacing() {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        given().queryParam("family", "  FÁMILY" + m.toUpperCase() + " ").queryParam("birthDate", "1980-02-29")
                .when().get("/api/v1/patients")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));
        given().queryParam("family", "Family" + m).queryParam("birthDate", "1980-03-01")
                .when().get("/api/v1/patients")
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    @Tag("WARD-AUD-001")
    void eachPatientASearchReturnsIsAudited() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients").then().statusCode(200);
        assertThat(outcomes(id, "SEARCH")).containsExactly("SUCCESS");
    }

    @Test
    @Tag("WARD-IAM-001")
    void searchNeverReturnsAnotherOrganizationsPatientWithTheSameIdentifier() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        UUID southCopy = UUID.randomUUID();
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement copy = db.prepareStatement("""
                        INSERT INTO ward.patient (id, subject_key_id, organization, identifier_ct, family_ct, given_ct,
                            birth_date_ct, sex_ct, identifier_bidx, family_birth_bidx)
                        SELECT ?, subject_key_id, 'south', identifier_ct, family_ct, given_ct, birth_date_ct, sex_ct,
                            identifier_bidx, family_birth_bidx FROM ward.patient WHERE id = ?::uuid
                        """)) {
            copy.setObject(1, southCopy);
            copy.setString(2, id);
            assertThat(copy.executeUpdate()).isEqualTo(1);
        }
        given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(id));
    }

    @Test
    void searchNeedsIdentifierOrFamilyWithBirthDate() {
        given().queryParam("family", "Someone").when().get("/api/v1/patients")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("family and birthDate"));
        given().when().get("/api/v1/patients").then().statusCode(400);
    }

    @Test
    @Tag("WARD-ENC-001")
    void rectificationReplacesTheRecordAndItsBlindIndexes() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        String corrected = PatientFixtures.body(m).replace("\"Family" + m + "\"", "\"Corrected" + m + "\"");
        given().contentType("application/json").body(corrected).when().put("/api/v1/patients/" + id)
                .then().statusCode(200).body("name.family", equalTo("Corrected" + m));
        given().when().get("/api/v1/patients/" + id).then().statusCode(200).body("name.family", equalTo("Corrected" + m));
        given().queryParam("family", "Family" + m).queryParam("birthDate", "1980-02-29").when().get("/api/v1/patients")
                .then().body("$", hasSize(0));
        given().queryParam("family", "Corrected" + m).queryParam("birthDate", "1980-02-29").when().get("/api/v1/patients")
                .then().body("$", hasSize(1));
        assertThat(outcomes(id, "UPDATE")).containsExactly("SUCCESS");
    }

    @Test
    @Tag("WARD-ENC-001")
    void observationsAndNotesRoundTripAndAreStoredOnlyAsCiphertext() throws SQLException {
        String m = marker();
        String id = PatientFixtures.createPatient(m);
        given().contentType("application/json")
                .body("""
                        {"code":"8867-4","display":"Heart rate %1$s","value":"72","unit":"/min","effective":"2026-01-02T10:15:30Z"}
                        """.formatted(m))
                .when().post("/api/v1/patients/" + id + "/observations")
                .then().statusCode(201).body("display", equalTo("Heart rate " + m));
        given().contentType("application/json").body("{\"text\":\"Note about " + m + "\"}")
                .when().post("/api/v1/patients/" + id + "/notes")
                .then().statusCode(201).body("recordedBy", equalTo("clin.ada"));
        given().when().get("/api/v1/patients/" + id + "/observations")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].code", equalTo("8867-4")).body("[0].value", equalTo("72"));
        given().when().get("/api/v1/patients/" + id + "/notes")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].text", equalTo("Note about " + m));

        for (String table : List.of("ward.observation", "ward.note")) {
            assertThat(rowsAsText(table, id)).as(table).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(m));
        }
        assertThat(outcomes(id, "READ")).containsExactly("SUCCESS", "SUCCESS");
    }

    @Test
    void observationsOfAnUnknownPatientAre404AndAudited() throws SQLException {
        String id = UUID.randomUUID().toString();
        given().when().get("/api/v1/patients/" + id + "/observations").then().statusCode(404);
        assertThat(outcomes(id, "READ")).containsExactly("NOT_FOUND");
    }

    @Test
    void malformedJsonAndUnknownFieldsAre400WithoutEchoingTheInput() {
        given().contentType("application/json").body("{\"identifier\": \"SecretEcho1\", ")
                .when().post("/api/v1/patients")
                .then().statusCode(400).contentType("application/problem+json")
                .body(not(containsString("SecretEcho1")));
        given().contentType("application/json")
                .body(PatientFixtures.body("x1").replace("{\"identifier\"", "{\"secretField2\":\"SecretEcho2\",\"identifier\""))
                .when().post("/api/v1/patients")
                .then().statusCode(400).contentType("application/problem+json")
                .body(not(containsString("SecretEcho2")));
    }

    private static List<String> rowsAsText(String table, String patientId) throws SQLException {
        List<String> texts = new ArrayList<>();
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement("SELECT * FROM " + table + " WHERE patient_id = ?::uuid")) {
            q.setString(1, patientId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.append(v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1) : String.valueOf(v)).append('|');
                    }
                    texts.add(row.toString());
                }
            }
        }
        return texts;
    }

    static List<String> outcomes(String patientId, String action) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement("SELECT outcome FROM ward.audit_event WHERE patient_id = ?::uuid "
                        + "AND action = ? AND resource_type <> 'AuditEvent' ORDER BY sequence")) {
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

}
