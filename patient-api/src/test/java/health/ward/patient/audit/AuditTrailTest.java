package health.ward.patient.audit;

import static health.ward.patient.audit.TrailTampering.assertBrokenAt;
import static health.ward.patient.audit.TrailTampering.assertValid;
import static health.ward.patient.audit.TrailTampering.single;
import static health.ward.patient.audit.TrailTampering.superuser;
import static health.ward.patient.audit.TrailTampering.touchTrail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * The audit trail as auditors see it, and its tamper evidence against a database superuser
 * (WARD-AUD-002). Every tampering test restores the trail afterwards and checks that verification
 * passes again: a detector that flags everything would fail there.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "aud.eve", roles = "auditor")
@Tag("WARD-AUD-002")
class AuditTrailTest {

    @Inject
    AuditSealer sealer;

    @Test
    @Tag("WARD-AUD-001")
    void auditorReadsTheTrailFilteredByPatientAndTheReadIsItselfAudited() {
        String patientId = UUID.randomUUID().toString();
        given().queryParam("patientId", patientId).when().get("/api/v1/audit-events").then().statusCode(200);
        given().queryParam("patientId", patientId).queryParam("size", 1)
                .when().get("/api/v1/audit-events")
                .then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].patientId", equalTo(patientId))
                .body("items[0].action", equalTo("SEARCH"))
                .body("items[0].resourceType", equalTo("AuditEvent"))
                .body("items[0].actor.username", equalTo("aud.eve"))
                .body("items[0].actor.roles", hasItem("auditor"))
                .body("next", equalTo(1));
    }

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @Tag("WARD-IAM-001")
    void aClinicianCannotReadTheAuditTrail() {
        given().when().get("/api/v1/audit-events").then().statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/audit-events/verify").then().statusCode(403);
    }

    @Test
    void anUntamperedTrailVerifies() {
        touchTrail();
        sealer.sealPending();
        touchTrail(); // leaves a genuine unsealed event too
        given().when().get("/api/v1/audit-events/verify")
                .then().statusCode(200)
                .body("valid", equalTo(true))
                .body("firstBrokenSequence", nullValue());
    }

    @Test
    void anEventUpdatedWithSuperuserRightsIsNamed() throws SQLException {
        long target = sealedEventInTheMiddle();
        String original = single("SELECT outcome FROM ward.audit_event WHERE sequence = " + target);
        superuser("UPDATE ward.audit_event SET outcome = 'DENIED' WHERE sequence = " + target);
        try {
            assertBrokenAt(target);
        } finally {
            superuser("UPDATE ward.audit_event SET outcome = '" + original + "' WHERE sequence = " + target);
        }
        assertValid();
    }

    @Test
    void anEventDeletedWithSuperuserRightsIsNamed() throws SQLException {
        long target = sealedEventInTheMiddle();
        superuser("CREATE TABLE ward.saved_event AS SELECT * FROM ward.audit_event WHERE sequence = " + target);
        try {
            superuser("DELETE FROM ward.audit_event WHERE sequence = " + target);
            assertBrokenAt(target);
        } finally {
            superuser("INSERT INTO ward.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_event");
            superuser("DROP TABLE ward.saved_event");
        }
        assertValid();
    }

    @Test
    void aRowInsertedWithSuperuserRightsIsNamed() throws SQLException {
        touchTrail();
        sealer.sealPending();
        long forged;
        superuser("""
                INSERT INTO ward.audit_event (id, occurred_at, actor_username, actor_roles, action, resource_type,
                                              purpose_of_use, outcome, mac)
                VALUES (gen_random_uuid(), now(), 'clin.ada', '{clinician}', 'READ', 'Patient', 'TREAT', 'SUCCESS',
                        '\\xdeadbeef')
                """);
        forged = Long.parseLong(single("SELECT max(sequence) FROM ward.audit_event"));
        try {
            assertBrokenAt(forged);
        } finally {
            superuser("DELETE FROM ward.audit_event WHERE sequence = " + forged);
        }
        assertValid();
    }

    @Test
    void cuttingOffTheNewestSealedEventsIsDetectedByTheSignedCheckpoint() throws SQLException {
        touchTrail();
        sealer.sealPending();
        long lastPosition = Long.parseLong(single("SELECT max(position) FROM ward.audit_seal"));
        long lastEvent = Long.parseLong(single("SELECT event_sequence FROM ward.audit_seal WHERE position = " + lastPosition));
        superuser("CREATE TABLE ward.saved_event AS SELECT * FROM ward.audit_event WHERE sequence = " + lastEvent);
        superuser("CREATE TABLE ward.saved_seal AS SELECT * FROM ward.audit_seal WHERE position = " + lastPosition);
        try {
            superuser("DELETE FROM ward.audit_seal WHERE position = " + lastPosition);
            superuser("DELETE FROM ward.audit_event WHERE sequence = " + lastEvent);
            assertBrokenAt(lastEvent);
        } finally {
            superuser("INSERT INTO ward.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_event");
            superuser("INSERT INTO ward.audit_seal SELECT * FROM ward.saved_seal");
            superuser("DROP TABLE ward.saved_event, ward.saved_seal");
        }
        assertValid();
    }

    @Test
    void aSealDeletedWhereTheVerifierSplitsItsWorkIsNamed() throws SQLException {
        for (int i = 0; i < 6; i++) {
            touchTrail();
        }
        sealer.sealPending();
        long max = Long.parseLong(single("SELECT max(position) FROM ward.audit_seal"));
        // The verifier walks positions in AuditVerifier.workers() ranges; each range but the first
        // starts from the stored hash of the seal before it. Delete that seal, and the range's first.
        java.util.Set<Long> positions = new java.util.TreeSet<>(java.util.List.of(max / 2));
        for (int i = 1; i < AuditVerifier.workers(); i++) {
            long firstOfRange = max * i / AuditVerifier.workers() + 1;
            positions.add(firstOfRange - 1);
            positions.add(firstOfRange);
        }
        for (long position : positions) {
            long next = Long.parseLong(single("SELECT event_sequence FROM ward.audit_seal WHERE position = " + (position + 1)));
            superuser("CREATE TABLE ward.saved_seal AS SELECT * FROM ward.audit_seal WHERE position = " + position);
            try {
                superuser("DELETE FROM ward.audit_seal WHERE position = " + position);
                assertBrokenAt(next); // the chain breaks at the row after the gap
            } finally {
                superuser("INSERT INTO ward.audit_seal SELECT * FROM ward.saved_seal");
                superuser("DROP TABLE ward.saved_seal");
            }
        }
        assertValid();
    }

    /** A sealed event with sealed events after it, so chain and MAC checks are both exercised. */
    private long sealedEventInTheMiddle() throws SQLException {
        touchTrail();
        touchTrail();
        touchTrail();
        sealer.sealPending();
        long max = Long.parseLong(single("SELECT max(position) FROM ward.audit_seal"));
        return Long.parseLong(single("SELECT event_sequence FROM ward.audit_seal WHERE position = " + (max - 1)));
    }
}
