package health.ward.patient.rights;

import static health.ward.patient.rights.SubjectRightsFixtures.count;
import static health.ward.patient.rights.SubjectRightsFixtures.decide;
import static health.ward.patient.rights.SubjectRightsFixtures.execute;
import static health.ward.patient.rights.SubjectRightsFixtures.linkedPatient;
import static health.ward.patient.rights.SubjectRightsFixtures.marker;
import static health.ward.patient.rights.SubjectRightsFixtures.receiptVerifies;
import static health.ward.patient.rights.SubjectRightsFixtures.requestErasure;
import static health.ward.patient.rights.SubjectRightsFixtures.subjectKeyOf;
import static health.ward.patient.rights.SubjectRightsFixtures.vault;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;

/**
 * Erasure (GDPR Art. 17) and restriction (Art. 18), WARD-GDPR-002, against real PostgreSQL and
 * OpenBao. Each test identity holds the clinician, patient and DPO roles at once only so one test can
 * play all three parts; the role matrix itself is proven with real tokens in the e2e tier.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@Tag("WARD-GDPR-002")
class ErasureTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    @TestSecurity(user = "pat.erase", roles = { "clinician", "patient", "dpo" })
    @OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = "pat.erase") })
    void approvedErasureDestroysTheKeyShareDeletesTheRowsAndSignsAReceipt() {
        String m = marker("er");
        String id = linkedPatient("pat.erase", m);
        UUID patient = UUID.fromString(id);
        UUID subjectKey = subjectKeyOf(id);
        assertThat(vault("GET", "ward-subject-shares/data/" + subjectKey, null).statusCode()).isEqualTo(200);
        // What a backup taken now would hold: the rows as stored.
        List<Object[]> backup = snapshot(patient, subjectKey);

        String request = requestErasure();
        given().when().post("/api/v1/me/erasure-requests").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://ward.health/problems/erasure-pending"));
        given().when().get("/api/v1/erasure-requests?state=PENDING").then().statusCode(200).body("id", hasItem(request));

        Response decided = decide(request, "APPROVE");
        decided.then().statusCode(200).body("state", equalTo("ERASED"));
        String receipt = decided.path("receipt");
        String signature = decided.path("receiptSignature");
        assertThat(receipt).contains(id, request, subjectKey.toString(), "\"share\":\"destroyed\"", "\"observations\":1", "\"notes\":1")
                .doesNotContain(m);
        assertThat(receiptVerifies(receipt, signature)).as("receipt signature").isTrue();
        assertThat(receiptVerifies(receipt.replace("\"notes\":1", "\"notes\":0"), signature)).as("altered receipt").isFalse();

        // Key material gone from Vault; rows gone from the database; audit trail kept, PHI-free.
        assertThat(vault("GET", "ward-subject-shares/data/" + subjectKey, null).statusCode()).isEqualTo(404);
        assertThat(vault("GET", "ward-subject-shares/metadata/" + subjectKey, null).statusCode()).as("no versions left to undelete")
                .isEqualTo(404);
        assertThat(count("SELECT count(*) FROM ward.patient WHERE id = ?", patient)).isZero();
        assertThat(count("SELECT count(*) FROM ward.subject_key WHERE id = ?", subjectKey)).isZero();
        assertThat(count("SELECT count(*) FROM ward.observation WHERE patient_id = ?", patient)).isZero();
        assertThat(count("SELECT count(*) FROM ward.note WHERE patient_id = ?", patient)).isZero();
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE patient_id = ? AND action = 'DELETE' AND outcome = 'SUCCESS'",
                patient)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE patient_id = ?", patient)).isGreaterThan(5);

        given().when().get("/api/v1/patients/" + id).then().statusCode(404);
        given().when().get("/api/v1/me").then().statusCode(404);
        // The subject can still fetch the receipt; the DPO's reason went with the key.
        given().when().get("/api/v1/me/erasure-requests/" + request).then().statusCode(200)
                .body("state", equalTo("ERASED")).body("receipt", equalTo(receipt)).body("decisionReason", equalTo(null));
        decide(request, "REJECT").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://ward.health/problems/erasure-decided"));

        // A restored backup brings the rows back — but not the share: the record reads as erased, never as data.
        restore(backup);
        given().when().get("/api/v1/patients/" + id).then().statusCode(410).contentType(PROBLEM)
                .body("detail", containsString("erased")).body(org.hamcrest.Matchers.not(containsString(m)));
        given().when().get("/api/v1/patients/" + id + "/notes").then().statusCode(410);
        unrestore(patient, subjectKey);
    }

    @Test
    @Tag("WARD-GDPR-004")
    @TestSecurity(user = "pat.hold", roles = { "clinician", "patient", "dpo" })
    @OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = "pat.hold") })
    void aLegalHoldBlocksApprovalAndNamesTheObligation() {
        String id = linkedPatient("pat.hold", marker("lh"));
        String request = requestErasure();
        given().contentType("application/json").body("{\"obligation\":\"HIPAA 164.316(b)(2)(i) six-year retention\",\"until\":\"2099-12-31\"}")
                .when().put("/api/v1/patients/" + id + "/legal-hold").then().statusCode(200)
                .body("obligation", equalTo("HIPAA 164.316(b)(2)(i) six-year retention"));

        decide(request, "APPROVE").then().statusCode(409).contentType(PROBLEM)
                .body("type", equalTo("https://ward.health/problems/legal-hold"))
                .body("detail", containsString("HIPAA 164.316(b)(2)(i) six-year retention"))
                .body("detail", containsString("2099-12-31"));
        given().when().get("/api/v1/me/erasure-requests/" + request).then().statusCode(200).body("state", equalTo("PENDING"));
        given().when().get("/api/v1/patients/" + id).then().statusCode(200);

        given().when().delete("/api/v1/patients/" + id + "/legal-hold").then().statusCode(204);
        decide(request, "APPROVE").then().statusCode(200).body("state", equalTo("ERASED"));
        given().contentType("application/json").body("{\"obligation\":\"x\"}")
                .when().put("/api/v1/patients/" + UUID.randomUUID() + "/legal-hold").then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("{\"obligation\":\"Litigation hold 2026-17\"}")
                .when().put("/api/v1/patients/" + UUID.randomUUID() + "/legal-hold").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    @Tag("WARD-GDPR-003")
    @TestSecurity(user = "pat.restrict", roles = { "clinician", "patient", "dpo" })
    @OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = "pat.restrict"),
            @Claim(key = "sub", value = "3f1c0e1a-5b7d-4e59-9a61-restrict0001") })
    void restrictionLeavesTheRecordToTheDpoAndBreakGlass() {
        String m = marker("rs");
        String id = linkedPatient("pat.restrict", m);
        decide(requestErasure(), "RESTRICT").then().statusCode(200).body("state", equalTo("RESTRICTED"))
                .body("decisionReason", equalTo("Decided after review by the DPO office."));

        given().when().get("/api/v1/patients/" + id).then().statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("Art. 18"));
        given().when().get("/api/v1/patients/" + id + "/observations").then().statusCode(403);
        given().contentType("application/json").body(health.ward.testing.PatientFixtures.body(m))
                .when().put("/api/v1/patients/" + id).then().statusCode(403);
        given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients").then().statusCode(200)
                .body("size()", equalTo(0));
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE patient_id = ? AND outcome = 'DENIED'",
                UUID.fromString(id))).isEqualTo(3);

        given().header("X-Purpose-Of-Use", "ETREAT").header("X-Break-Glass-Reason", "Unconscious in the emergency department now")
                .when().get("/api/v1/patients/" + id).then().statusCode(200).body("name.family", equalTo("Family" + m));
        given().when().get("/api/v1/subjects/" + id + "/export").then().statusCode(200);
        given().when().get("/api/v1/me").then().statusCode(200); // the subject's own access (Art. 15) stays
    }

    @Test
    @TestSecurity(user = "pat.race", roles = { "clinician", "patient", "dpo" })
    @OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = "pat.race") })
    void concurrentDecisionsLeaveExactlyOneOutcome() throws Exception {
        linkedPatient("pat.race", marker("cc"));
        String request = requestErasure();
        List<String> decisions = List.of("APPROVE", "REJECT", "RESTRICT", "APPROVE");
        ExecutorService pool = Executors.newFixedThreadPool(decisions.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (String d : decisions) {
                Callable<Integer> call = () -> {
                    start.await();
                    return decide(request, d).statusCode();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> a : answers) {
                codes.add(a.get(60, TimeUnit.SECONDS));
            }
            assertThat(codes).containsExactlyInAnyOrder(200, 409, 409, 409);
        } finally {
            pool.shutdownNow();
        }
        String state = given().when().get("/api/v1/me/erasure-requests/" + request).then().statusCode(200).extract().path("state");
        assertThat(state).isIn("ERASED", "REJECTED", "RESTRICTED");
        assertThat(count("SELECT count(*) FROM ward.audit_event WHERE action = 'UPDATE' AND resource_type = 'ErasureRequest' "
                + "AND outcome = 'SUCCESS' AND patient_id = (SELECT patient_id FROM ward.erasure_request WHERE id = ?)",
                UUID.fromString(request))).isEqualTo(1);
    }

    @Test
    @TestSecurity(user = "pat.nobody", roles = "patient")
    @OidcSecurity(claims = @Claim(key = "preferred_username", value = "pat.nobody"))
    void aSubjectWithoutARecordOrAnotherSubjectsRequestGetsNotFound() {
        given().when().post("/api/v1/me/erasure-requests").then().statusCode(404).contentType(PROBLEM);
        given().when().get("/api/v1/me/erasure-requests/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM);
        decide(UUID.randomUUID().toString(), "APPROVE").then().statusCode(403).contentType(PROBLEM);
        given().when().get("/api/v1/erasure-requests").then().statusCode(403);
    }

    @Test
    @TestSecurity(user = "dpo.only", roles = "dpo")
    void theDpoGetsClearAnswersForUnknownOrMalformedDecisions() {
        decide(UUID.randomUUID().toString(), "APPROVE").then().statusCode(404).contentType(PROBLEM)
                .body("detail", equalTo("No such erasure request."));
        given().contentType("application/json").body("{\"decision\":\"DELETE_EVERYTHING\",\"reason\":\"because I can do it\"}")
                .when().post("/api/v1/erasure-requests/" + UUID.randomUUID() + "/decision").then().statusCode(400).contentType(PROBLEM);
        given().contentType("application/json").body("{\"decision\":\"APPROVE\"}")
                .when().post("/api/v1/erasure-requests/" + UUID.randomUUID() + "/decision").then().statusCode(400).contentType(PROBLEM);
        given().when().get("/api/v1/erasure-requests?state=GONE").then().statusCode(400).contentType(PROBLEM);
        given().when().post("/api/v1/me/erasure-requests").then().statusCode(403).contentType(PROBLEM);
    }

    private static List<Object[]> snapshot(UUID patient, UUID subjectKey) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] { "INSERT INTO ward.subject_key SELECT * FROM json_populate_record(NULL::ward.subject_key, ?::json)",
                rowJson("ward.subject_key", subjectKey) });
        rows.add(new Object[] { "INSERT INTO ward.patient SELECT * FROM json_populate_record(NULL::ward.patient, ?::json)",
                rowJson("ward.patient", patient) });
        return rows;
    }

    private static String rowJson(String table, UUID id) {
        try (var db = WardServersResource.database.superuserConnection("ward");
                var st = db.prepareStatement("SELECT row_to_json(t)::text FROM " + table + " t WHERE id = ?")) {
            st.setObject(1, id);
            try (var rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void restore(List<Object[]> rows) {
        rows.forEach(r -> execute((String) r[0], r[1]));
    }

    private static void unrestore(UUID patient, UUID subjectKey) {
        execute("DELETE FROM ward.patient WHERE id = ?", patient);
        execute("DELETE FROM ward.subject_key WHERE id = ?", subjectKey);
    }
}
