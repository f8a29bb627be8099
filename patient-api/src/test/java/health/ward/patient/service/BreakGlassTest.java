package health.ward.patient.service;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/** Emergency access across organizations: reasoned, time-boxed, audited, alerting (WARD-IAM-004). */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ben", roles = "clinician")
@OidcSecurity(claims = { @Claim(key = "organization", value = "south"), @Claim(key = "sub", value = "subject-of-ben") })
@Tag("WARD-IAM-004")
class BreakGlassTest {

    static final String REASON = "Unconscious patient in the emergency department, no records at hand";

    @jakarta.inject.Inject
    health.ward.testing.TrustedWrites writes;

    @Test
    void aReasonedEmergencyReadOpensATimeBoxedAuditedGrantForReadsOnly() throws SQLException {
        String marker = "bg" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String id = PatientFixtures.createPatient(marker);
        writes.moveToOrganization(id, "north"); // as if north had created it: through Ward's key, not bare SQL

        given().when().get("/api/v1/patients/" + id).then().statusCode(404);
        given().header("X-Purpose-Of-Use", "ETREAT").header("X-Break-Glass-Reason", "urgent")
                .when().get("/api/v1/patients/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("X-Break-Glass-Reason"));
        given().header("X-Purpose-Of-Use", "ETREAT").header("X-Break-Glass-Reason", REASON)
                .when().get("/api/v1/patients/" + id)
                .then().statusCode(200).body("name.family", equalTo("Family" + marker));
        // Within the grant, the clinician keeps access, still audited as emergency treatment.
        given().when().get("/api/v1/patients/" + id + "/notes").then().statusCode(200);
        // Writes never cross organizations, emergency or not.
        given().header("X-Purpose-Of-Use", "ETREAT").header("X-Break-Glass-Reason", REASON)
                .contentType("application/json").body(PatientFixtures.body(marker))
                .when().put("/api/v1/patients/" + id).then().statusCode(404);

        assertThat(audit(id)).containsExactly(
                "CREATE/Patient/SUCCESS/TREAT",
                "READ/Patient/DENIED/TREAT",
                "READ/Patient/INVALID/ETREAT",
                "READ/Patient/SUCCESS/ETREAT",
                "READ/DocumentReference/SUCCESS/ETREAT",
                "UPDATE/Patient/DENIED/ETREAT");
        assertThat(new String(grantReason(id), StandardCharsets.ISO_8859_1)).doesNotContain("Unconscious");
        assertThat(given().when().get("/q/metrics").asString()).containsPattern("ward_break_glass_grants_total [1-9]");

        sql("UPDATE ward.break_glass_grant SET expires_at = now() - interval '1 second' WHERE patient_id = '" + id + "'");
        given().when().get("/api/v1/patients/" + id).then().statusCode(404);
    }

    private static List<String> audit(String patientId) throws SQLException {
        return health.ward.testing.AuditRows.of(patientId, "action", "resource_type", "outcome", "purpose_of_use");
    }

    private static byte[] grantReason(String patientId) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement("SELECT reason_ct FROM ward.break_glass_grant WHERE patient_id = ?::uuid")) {
            q.setString(1, patientId);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("a grant row").isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward")) {
            db.createStatement().execute(statement);
        }
    }
}
