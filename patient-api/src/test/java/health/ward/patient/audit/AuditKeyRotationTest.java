package health.ward.patient.audit;

import static health.ward.patient.audit.TrailTampering.assertBrokenAt;
import static health.ward.patient.audit.TrailTampering.single;
import static health.ward.patient.audit.TrailTampering.superuser;
import static health.ward.patient.audit.TrailTampering.touchTrail;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.patient.crypto.WrappedKeys;
import health.ward.testing.WardServersResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * The audit MAC key rotates by id (WARD-AUD-002): events name the key they were MACed with, so a trail
 * written under an earlier key ("audit-mac-v0" here, the key in use being the configured
 * "audit-mac-v1") keeps verifying after the switch, and naming another key than the one that MACed
 * an event breaks it.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "aud.eve", roles = "auditor")
@Tag("WARD-AUD-002")
class AuditKeyRotationTest {

    static final String EARLIER = "audit-mac-v0";

    @Inject
    AuditSealer sealer;

    @Inject
    WrappedKeys keys;

    @Test
    void eventsUnderAnEarlierKeyVerifyByTheirKeyIdAndNotUnderAnother() throws SQLException {
        AuditEventEntity earlier = TrailTampering.systemEvent(OffsetDateTime.now());
        earlier.macKeyId = EARLIER;
        earlier.mac = AuditMacKey.hmac(keys.current(EARLIER)).doFinal(AuditCanonicalForm.encode(AuditCanonicalForm.Fields.of(earlier)));
        QuarkusTransaction.requiringNew().run(() -> earlier.persist()); // as the app wrote it before the switch
        touchTrail(); // and one under the key in use now
        sealer.sealPending();
        long sequence = Long.parseLong(single("SELECT sequence FROM ward.audit_event WHERE id = '" + earlier.id + "'"));
        assertThat(single("SELECT string_agg(DISTINCT mac_key_id, ',' ORDER BY mac_key_id) FROM ward.audit_event WHERE sequence >= " + sequence))
                .isEqualTo("audit-mac-v0,audit-mac-v1");
        assertThat(single("SELECT count(*) FROM ward.audit_seal WHERE key_id = 'audit-mac-v1' AND event_sequence = " + sequence))
                .as("sealed by the key in use").isEqualTo("1");
        TrailTampering.assertValid();

        superuser("UPDATE ward.audit_event SET mac_key_id = 'audit-mac-v1' WHERE sequence = " + sequence);
        try {
            assertBrokenAt(sequence);
        } finally {
            superuser("UPDATE ward.audit_event SET mac_key_id = '" + EARLIER + "' WHERE sequence = " + sequence);
        }
        TrailTampering.assertValid();
    }
}
