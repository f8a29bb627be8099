package health.ward.patient.rights;

import static health.ward.patient.rights.SubjectRightsFixtures.count;
import static health.ward.patient.rights.SubjectRightsFixtures.execute;
import static health.ward.patient.rights.SubjectRightsFixtures.linkedPatient;
import static health.ward.patient.rights.SubjectRightsFixtures.marker;
import static health.ward.patient.rights.SubjectRightsFixtures.subjectKeyOf;
import static health.ward.patient.rights.SubjectRightsFixtures.vault;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.patient.service.RetentionJob;
import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Retention and legal hold (WARD-GDPR-004) with the job's clock moved by the test, and rectification audited with
 * keyed digests (Art. 16). Records are aged by back-dating their rows, so the job's cut-off reaches
 * only this test's records, never the ones other tests share the database with.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
class RetentionAndRectificationTest {

    @Inject
    RetentionJob retention;

    @Test
    @Tag("WARD-GDPR-004")
    @TestSecurity(user = "clin.ret", roles = { "clinician", "dpo" })
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    void recordsPastRetentionAreShreddedUnlessHeld() {
        UUID expiring = UUID.fromString(linkedPatient("pat.ret1", marker("r1")));
        UUID held = UUID.fromString(linkedPatient("pat.ret2", marker("r2")));
        UUID oldNotesOnly = UUID.fromString(linkedPatient("pat.ret3", marker("r3")));
        UUID expiringKey = subjectKeyOf(expiring.toString());
        // Ten years (the configured retention) less five days ago: not yet due.
        Instant now = Instant.now();
        Instant lastActivity = now.atOffset(java.time.ZoneOffset.UTC).minusYears(10).plusDays(5).toInstant();
        for (UUID p : new UUID[] { expiring, held }) {
            backdate(p, lastActivity, true);
        }
        backdate(oldNotesOnly, lastActivity, false);
        given().contentType("application/json").body("{\"obligation\":\"Litigation hold case 2026-041\"}")
                .when().put("/api/v1/patients/" + held + "/legal-hold").then().statusCode(200);

        RetentionJob.Result today = retention.runAt(now);
        assertThat(rows(expiring) + rows(held) + rows(oldNotesOnly)).as("nothing is due today").isEqualTo(3 * 3);
        assertThat(today.patientsErased()).isZero();

        RetentionJob.Result in6Days = retention.runAt(now.plus(6, ChronoUnit.DAYS));
        assertThat(rows(expiring)).as("expired record, its observation and note").isZero();
        assertThat(count("SELECT count(*) FROM ward.subject_key WHERE id = ?", expiringKey)).isZero();
        assertThat(vault("GET", "ward-subject-shares/data/" + expiringKey, null).statusCode()).as("share destroyed").isEqualTo(404);
        assertThat(rows(held)).as("legal hold keeps everything").isEqualTo(3);
        assertThat(count("SELECT count(*) FROM ward.patient WHERE id = ?", oldNotesOnly)).as("recently changed record stays")
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ward.note WHERE patient_id = ?", oldNotesOnly)
                + count("SELECT count(*) FROM ward.observation WHERE patient_id = ?", oldNotesOnly)).as("its old entries go")
                .isZero();
        assertThat(in6Days.patientsErased()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE patient_id = ? AND action = 'DELETE' "
                + "AND resource_type = 'Patient' AND actor_subject = 'system:retention-job' AND detail LIKE '%retention%'", expiring)).isEqualTo(1);

        given().when().delete("/api/v1/patients/" + held + "/legal-hold").then().statusCode(204);
        retention.runAt(now.plus(6, ChronoUnit.DAYS));
        assertThat(rows(held)).as("hold lifted: shredded on the next run").isZero();
    }

    @Test
    @Tag("WARD-AUD-001")
    @TestSecurity(user = "clin.rect", roles = { "clinician", "auditor" })
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    void rectificationIsAuditedWithDigestsOfChangedFieldsOnly() throws Exception {
        String m = marker("rc");
        String id = PatientFixtures.createPatient(m);
        String changed = PatientFixtures.body(m).replace("Family" + m, "Corrected" + m).replace("1 Marker Street", "2 Marker Street");
        given().contentType("application/json").body(changed).when().put("/api/v1/patients/" + id).then().statusCode(200);
        String detail;
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement(
                        "SELECT detail FROM ward.audit_event WHERE patient_id = ? AND action = 'UPDATE' AND outcome = 'SUCCESS'")) {
            st.setObject(1, UUID.fromString(id));
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                detail = rs.getString(1);
                assertThat(rs.next()).isFalse();
            }
        }
        assertThat(detail).startsWith("{\"rectified\":{\"address\":{\"old\":\"").contains("\"family\":{\"old\":\"")
                .doesNotContain("identifier", "given", "birthDate", m, "Corrected", "Marker");
        // Digests differ between old and new, and the same change made again gives the same digests.
        assertThat(detail.split("\"")[7]).isNotEqualTo(detail.split("\"")[11]);
        // The detail is covered by the event's MAC: the trail still verifies.
        given().when().get("/api/v1/audit-events/verify").then().statusCode(200).body("valid", org.hamcrest.Matchers.equalTo(true));
        // An unchanged rectification records no digests.
        given().contentType("application/json").body(changed).when().put("/api/v1/patients/" + id).then().statusCode(200);
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE patient_id = ? AND action = 'UPDATE' AND detail IS NULL",
                UUID.fromString(id))).isEqualTo(1);
    }

    private static void backdate(UUID patient, Instant when, boolean wholeRecord) {
        java.sql.Timestamp at = java.sql.Timestamp.from(when);
        if (wholeRecord) {
            execute("UPDATE ward.patient SET updated_at = ? WHERE id = ?", at, patient);
        }
        execute("UPDATE ward.observation SET created_at = ? WHERE patient_id = ?", at, patient);
        execute("UPDATE ward.note SET created_at = ? WHERE patient_id = ?", at, patient);
    }

    private static long rows(UUID patient) {
        return count("SELECT count(*) FROM ward.patient WHERE id = ?", patient)
                + count("SELECT count(*) FROM ward.observation WHERE patient_id = ?", patient)
                + count("SELECT count(*) FROM ward.note WHERE patient_id = ?", patient);
    }
}
