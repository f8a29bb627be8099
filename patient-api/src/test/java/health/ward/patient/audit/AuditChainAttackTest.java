package health.ward.patient.audit;

import static health.ward.patient.audit.TrailTampering.assertBrokenAt;
import static health.ward.patient.audit.TrailTampering.single;
import static health.ward.patient.audit.TrailTampering.superuser;
import static health.ward.patient.audit.TrailTampering.touchTrail;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.WardServersResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * Issue 18, tamper evidence against the PostgreSQL superuser with triggers off (WARD-AUD-002): the
 * attacks that used to verify as valid. Each names the first broken event, and each restores the
 * trail afterwards and checks that it verifies again, so a detector that flags everything fails here.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "aud.eve", roles = "auditor")
@Tag("WARD-AUD-002")
class AuditChainAttackTest {

    @Inject
    AuditSealer sealer;

    @Inject
    AuditLog audit;

    /** A round sealed and checkpointed, then three events sealed after it: the target is the first of them. */
    private record Setup(long checkpointPosition, long target) {
    }

    @Test
    void aMiddleEventDeletedWithTheChainAfterItRecomputedIsNamed() throws SQLException {
        Setup setup = eventsAfterACheckpoint();
        saveFrom(setup);
        try {
            deleteFrom(setup);
            // The attacker rebuilds the chain over what is left, as the unkeyed chain allowed: SHA-256 from
            // the last surviving seal, positions without a gap. No checkpoint: signing needs Vault.
            byte[] previous = bytes("SELECT hash FROM ward.audit_seal WHERE position = " + setup.checkpointPosition());
            long position = setup.checkpointPosition();
            for (long[] event : eventsAfter(setup.target())) {
                position++;
                byte[] mac = bytes("SELECT mac FROM ward.audit_event WHERE sequence = " + event[0]);
                previous = AuditCanonicalForm.chain(previous, position, event[0], mac);
                superuser("INSERT INTO ward.audit_seal (position, event_sequence, hash, key_id) VALUES (" + position + ", "
                        + event[0] + ", '\\x" + java.util.HexFormat.of().formatHex(previous) + "', 'audit-mac-v1')");
            }
            assertBrokenAt(setup.target());
        } finally {
            restore(setup);
        }
        assertValid();
    }

    @Test
    void aMiddleEventDeletedWithSealsAndCheckpointsLeftToTheSealerIsNamedAndNotResealed() throws SQLException {
        Setup setup = eventsAfterACheckpoint();
        saveFrom(setup);
        try {
            deleteFrom(setup);
            // The attack: the background sealer re-seals what is left and signs the forged chain.
            assertThat(sealer.sealPending()).as("the sealer refuses a chain that lost its anchored checkpoint").isZero();
            assertThat(count("SELECT count(*) FROM ward.audit_seal WHERE position > " + setup.checkpointPosition())).isZero();
            assertBrokenAt(setup.target());
            assertThat(given().when().get("/q/metrics").asString()).containsPattern("ward_integrity_failures_total\\{kind=\"audit-chain\",?\\} [1-9]");
        } finally {
            restore(setup);
        }
        assertValid();
    }

    @Test
    void everySealAndCheckpointDeletedWithOneEventIsNamedFromTheStart() throws SQLException {
        Setup setup = eventsAfterACheckpoint();
        superuser("CREATE TABLE ward.saved_event AS SELECT * FROM ward.audit_event WHERE sequence = " + setup.target());
        superuser("CREATE TABLE ward.saved_seal AS SELECT * FROM ward.audit_seal");
        superuser("CREATE TABLE ward.saved_checkpoint AS SELECT * FROM ward.audit_checkpoint");
        try {
            superuser("DELETE FROM ward.audit_event WHERE sequence = " + setup.target());
            superuser("DELETE FROM ward.audit_seal");
            superuser("DELETE FROM ward.audit_checkpoint");
            assertThat(sealer.sealPending()).isZero();
            assertBrokenAt(1); // nothing in the trail is proven any more, from its first sequence on
        } finally {
            superuser("INSERT INTO ward.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_event");
            superuser("INSERT INTO ward.audit_seal SELECT * FROM ward.saved_seal");
            superuser("INSERT INTO ward.audit_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_checkpoint");
            superuser("DROP TABLE ward.saved_event, ward.saved_seal, ward.saved_checkpoint");
        }
        assertValid();
    }

    @Test
    void aDeletedCheckpointInTheMiddleIsNamed() throws SQLException {
        Setup setup = eventsAfterACheckpoint();
        touchTrail();
        sealer.sealPending(); // a checkpoint after the one that will go
        long middle = Long.parseLong(single("SELECT max(position) FROM ward.audit_checkpoint WHERE position < "
                + "(SELECT max(position) FROM ward.audit_checkpoint)"));
        assertThat(middle).isGreaterThan(setup.checkpointPosition());
        long next = Long.parseLong(single("SELECT event_sequence FROM ward.audit_checkpoint WHERE position = "
                + "(SELECT min(position) FROM ward.audit_checkpoint WHERE position > " + middle + ")"));
        superuser("CREATE TABLE ward.saved_checkpoint AS SELECT * FROM ward.audit_checkpoint WHERE position = " + middle);
        try {
            superuser("DELETE FROM ward.audit_checkpoint WHERE position = " + middle);
            assertBrokenAt(next); // the next checkpoint no longer links to the one before it
        } finally {
            superuser("INSERT INTO ward.audit_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_checkpoint");
            superuser("DROP TABLE ward.saved_checkpoint");
        }
        assertValid();
    }

    @Test
    void aCheckpointSignedWithAnotherVaultKeyIsNamedEvenThoughItsSignatureIsValid() throws SQLException {
        touchTrail();
        sealer.sealPending();
        long position = Long.parseLong(single("SELECT max(position) FROM ward.audit_checkpoint"));
        long event = Long.parseLong(single("SELECT event_sequence FROM ward.audit_checkpoint WHERE position = " + position));
        // A genuine Transit signature, but under a key that is not the pinned checkpoint key: the row
        // names that key, and verification must not believe the row.
        String body = WardServersResource.openBao.post("transit/sign/ward-erasure-receipt",
                "{\"input\":\"" + Base64.getEncoder().encodeToString("forged checkpoint".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}");
        String signature = body.replaceAll("(?s).*\"signature\":\"([^\"]+)\".*", "$1");
        superuser("CREATE TABLE ward.saved_checkpoint AS SELECT * FROM ward.audit_checkpoint WHERE position = " + position);
        try {
            superuser("UPDATE ward.audit_checkpoint SET signature = '" + signature + "', signing_key = 'ward-erasure-receipt'"
                    + " WHERE position = " + position);
            assertBrokenAt(event);
        } finally {
            superuser("DELETE FROM ward.audit_checkpoint WHERE position = " + position);
            superuser("INSERT INTO ward.audit_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_checkpoint");
            superuser("DROP TABLE ward.saved_checkpoint");
        }
        assertValid();
    }

    @Test
    void aGenuineEventLeftUnsealedPastTheBoundIsNamedAndNeverSealed() throws SQLException {
        touchTrail();
        sealer.sealPending();
        AuditEventEntity old = TrailTampering.systemEvent(OffsetDateTime.now().minusHours(7)); // %test bound: 6 h
        QuarkusTransaction.requiringNew().run(() -> audit.persist(old));
        long sequence = Long.parseLong(single("SELECT sequence FROM ward.audit_event WHERE id = '" + old.id + "'"));
        try {
            assertBrokenAt(sequence);
            touchTrail();
            assertThat(sealer.sealPending()).as("the younger event is sealed").isGreaterThanOrEqualTo(1);
            assertThat(count("SELECT count(*) FROM ward.audit_seal WHERE event_sequence = " + sequence)).as("never sealed").isZero();
            assertBrokenAt(sequence);
        } finally {
            superuser("DELETE FROM ward.audit_event WHERE sequence = " + sequence);
        }
        assertValid();
    }

    @Test
    void afterAnOperatorReAnchorsTheSealerAdoptsTheChainAndSealsEvenOlderEvents() throws SQLException {
        touchTrail();
        sealer.sealPending();
        AuditEventEntity old = TrailTampering.systemEvent(OffsetDateTime.now().minusHours(7)); // as in a restored dump
        QuarkusTransaction.requiringNew().run(() -> audit.persist(old));
        long sequence = Long.parseLong(single("SELECT sequence FROM ward.audit_event WHERE id = '" + old.id + "'"));
        assertBrokenAt(sequence);
        // The operator, with a Vault admin token (patient-api's policy has no delete), after recording the incident.
        WardServersResource.openBao.delete("ward-audit-anchor/metadata/head");
        touchTrail();
        assertThat(sealer.sealPending()).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT count(*) FROM ward.audit_seal WHERE event_sequence = " + sequence)).as("sealed now").isEqualTo(1);
        assertValid();
    }

    // --- set-up and restore ---------------------------------------------------------------------

    private Setup eventsAfterACheckpoint() throws SQLException {
        touchTrail();
        sealer.sealPending();
        long checkpoint = Long.parseLong(single("SELECT max(position) FROM ward.audit_checkpoint"));
        touchTrail();
        touchTrail();
        touchTrail();
        sealer.sealPending();
        long target = Long.parseLong(single("SELECT event_sequence FROM ward.audit_seal WHERE position = " + (checkpoint + 1)));
        assertThat(Long.parseLong(single("SELECT event_sequence FROM ward.audit_seal WHERE position = " + checkpoint)))
                .as("consecutive sequences: no other writer between the rounds").isEqualTo(target - 1);
        return new Setup(checkpoint, target);
    }

    private static void saveFrom(Setup setup) throws SQLException {
        superuser("CREATE TABLE ward.saved_event AS SELECT * FROM ward.audit_event WHERE sequence = " + setup.target());
        superuser("CREATE TABLE ward.saved_seal AS SELECT * FROM ward.audit_seal WHERE position > " + setup.checkpointPosition());
        superuser("CREATE TABLE ward.saved_checkpoint AS SELECT * FROM ward.audit_checkpoint WHERE position > " + setup.checkpointPosition());
    }

    private static void deleteFrom(Setup setup) throws SQLException {
        superuser("DELETE FROM ward.audit_event WHERE sequence = " + setup.target());
        superuser("DELETE FROM ward.audit_seal WHERE position > " + setup.checkpointPosition());
        superuser("DELETE FROM ward.audit_checkpoint WHERE position > " + setup.checkpointPosition());
    }

    private static void restore(Setup setup) throws SQLException {
        superuser("DELETE FROM ward.audit_seal WHERE position > " + setup.checkpointPosition());
        superuser("INSERT INTO ward.audit_event OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_event");
        superuser("INSERT INTO ward.audit_seal SELECT * FROM ward.saved_seal");
        superuser("INSERT INTO ward.audit_checkpoint OVERRIDING SYSTEM VALUE SELECT * FROM ward.saved_checkpoint");
        superuser("DROP TABLE ward.saved_event, ward.saved_seal, ward.saved_checkpoint");
    }

    /** Events after {@code sequence} that no seal names, in order: what the attacker re-seals. */
    private static List<long[]> eventsAfter(long sequence) throws SQLException {
        List<long[]> events = new ArrayList<>();
        try (Connection db = WardServersResource.database.superuserConnection("ward"); Statement st = db.createStatement();
                ResultSet rs = st.executeQuery("SELECT sequence FROM ward.audit_event e WHERE sequence > " + sequence
                        + " AND NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence) ORDER BY sequence")) {
            while (rs.next()) {
                events.add(new long[] { rs.getLong(1) });
            }
        }
        return events;
    }

    private void assertValid() {
        sealer.sealPending(); // anything written meanwhile (the verify calls themselves) is sealed on the restored chain
        TrailTampering.assertValid();
    }

    private static long count(String sql) throws SQLException {
        return Long.parseLong(single(sql));
    }

    private static byte[] bytes(String sql) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward"); PreparedStatement st = db.prepareStatement(sql);
                ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getBytes(1);
        }
    }
}
