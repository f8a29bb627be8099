package health.ward.patient.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

import javax.crypto.Mac;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.KeyServiceUnavailableException;
import health.ward.patient.metrics.WardMetrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.vault.VaultTransitSecretEngine;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.transit.SigningInput;

/**
 * Checks the whole audit trail (WARD-AUD-002): every event's MAC (catches UPDATE and forged INSERT),
 * the seal chain in order (catches DELETE and reordering), and the newest signed checkpoint (catches
 * the newest sealed events being cut off). Streams rows, so memory stays flat for millions of events.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final String EVENT_COLUMNS = "e.sequence, e.id, e.occurred_at, e.actor_subject, e.actor_username, "
            + "e.actor_roles, e.actor_organization, e.client_id, e.action, e.resource_type, e.resource_id, e.patient_id, "
            + "e.purpose_of_use, e.outcome, e.source_address, e.request_id, e.trace_id, e.detail, e.mac";
    /** 1-based positions in EVENT_COLUMNS; the chain query puts SEAL_COLUMNS before them. */
    private static final int MAC_COLUMN = 19;
    private static final int SEAL_COLUMNS = 3;
    private static final int FETCH = 5000;

    private final AgroalDataSource dataSource;
    private final AuditMacKey macKey;
    private final VaultTransitSecretEngine transit;
    private final WardConfig.Audit config;

    private final WardMetrics metrics;

    AuditVerifier(AgroalDataSource dataSource, AuditMacKey macKey, VaultTransitSecretEngine transit, WardConfig config,
            WardMetrics metrics) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.macKey = macKey;
        this.transit = transit;
        this.config = config.audit();
    }

    public AuditVerification verify() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // server-side cursor: PostgreSQL streams only inside a transaction
            c.setReadOnly(true);
            try (PreparedStatement snapshot = c.prepareStatement("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")) {
                snapshot.execute();
            }
            Broken broken = new Broken();
            Mac mac = macKey.newMac();
            long checked = walkChain(c, broken, mac);
            long[] unsealed = checkUnsealed(c, broken, mac);
            checkNewestCheckpoint(c, broken);
            c.rollback();
            metrics.verified(broken.lowest == null, unsealed[1]);
            return new AuditVerification(broken.lowest == null, checked + unsealed[0], broken.lowest, unsealed[1]);
        } catch (SQLException e) {
            throw new jakarta.persistence.PersistenceException("audit verification could not read the trail: SQLState "
                    + e.getSQLState());
        }
    }

    /** Lowest broken event sequence seen so far. */
    private static final class Broken {
        Long lowest;

        void at(long sequence) {
            if (lowest == null || sequence < lowest) {
                lowest = sequence;
            }
        }
    }

    private long walkChain(Connection c, Broken broken, Mac mac) throws SQLException {
        long checked = 0;
        byte[] previous = AuditCanonicalForm.GENESIS;
        long expectedPosition = 1;
        try (PreparedStatement q = c.prepareStatement("SELECT s.position, s.event_sequence, s.hash, " + EVENT_COLUMNS
                + " FROM ward.audit_seal s LEFT JOIN ward.audit_event e ON e.sequence = s.event_sequence ORDER BY s.position")) {
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    long position = rs.getLong(1);
                    long eventSequence = rs.getLong(2);
                    byte[] sealedHash = rs.getBytes(3);
                    boolean eventMissing = rs.getObject(SEAL_COLUMNS + 2) == null;
                    byte[] storedMac = eventMissing ? null : rs.getBytes(SEAL_COLUMNS + MAC_COLUMN);
                    byte[] expected = AuditCanonicalForm.chain(previous, position, eventSequence, storedMac);
                    if (position != expectedPosition || eventMissing || !macValid(rs, SEAL_COLUMNS, mac)
                            || !AuditCanonicalForm.same(expected, sealedHash)) {
                        broken.at(eventSequence);
                    }
                    // Continue from the stored hash so one break is reported once, not for every later row.
                    previous = sealedHash;
                    expectedPosition = position + 1;
                }
            }
        }
        return checked;
    }

    /** Returns {events checked, of which genuine and still unsealed}. */
    private long[] checkUnsealed(Connection c, Broken broken, Mac mac) throws SQLException {
        long checked = 0;
        long genuine = 0;
        try (PreparedStatement q = c.prepareStatement("SELECT " + EVENT_COLUMNS + " FROM ward.audit_event e "
                + "WHERE NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence) ORDER BY e.sequence")) {
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    if (macValid(rs, 0, mac)) {
                        genuine++;
                    } else {
                        broken.at(rs.getLong(1));
                    }
                }
            }
        }
        return new long[] { checked, genuine };
    }

    private void checkNewestCheckpoint(Connection c, Broken broken) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT cp.position, cp.event_sequence, cp.hash, cp.signature, cp.signing_key, s.hash AS sealed_hash
                FROM ward.audit_checkpoint cp LEFT JOIN ward.audit_seal s ON s.position = cp.position
                ORDER BY cp.position DESC LIMIT 1
                """); ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            long eventSequence = rs.getLong("event_sequence");
            byte[] signedHash = rs.getBytes("hash");
            if (!AuditCanonicalForm.same(signedHash, rs.getBytes("sealed_hash"))
                    || !signatureValid(rs.getString("signing_key"), rs.getString("signature"),
                            AuditCanonicalForm.checkpoint(rs.getLong("position"), eventSequence, signedHash))) {
                broken.at(eventSequence);
            }
        }
    }

    private boolean signatureValid(String key, String signature, byte[] message) {
        try {
            transit.verifySignature(key, signature, new SigningInput(message), null);
            return true;
        } catch (VaultClientException e) {
            if (e.getStatus() != null && e.getStatus() >= 400 && e.getStatus() < 500) {
                return false; // Transit rejected the signature itself (malformed)
            }
            throw new KeyServiceUnavailableException("checkpoint verification", e);
        } catch (RuntimeException e) {
            return false; // Transit answered: not a valid signature
        }
    }

    /**
     * Whether the event whose {@link #EVENT_COLUMNS} start after column {@code offset} carries a valid
     * MAC. By column index: this runs once per event, a million times for a million-event trail.
     */
    private static boolean macValid(ResultSet rs, int offset, Mac mac) throws SQLException {
        byte[] stored = rs.getBytes(offset + MAC_COLUMN);
        if (stored == null || rs.getObject(offset + 2) == null) {
            return false;
        }
        Array roles = rs.getArray(offset + 6);
        AuditCanonicalForm.Fields fields = new AuditCanonicalForm.Fields(
                rs.getObject(offset + 2, UUID.class),
                rs.getObject(offset + 3, OffsetDateTime.class),
                rs.getString(offset + 4),
                rs.getString(offset + 5),
                roles == null ? null : (String[]) roles.getArray(),
                rs.getString(offset + 7),
                rs.getString(offset + 8),
                rs.getString(offset + 9),
                rs.getString(offset + 10),
                rs.getString(offset + 11),
                rs.getObject(offset + 12, UUID.class),
                rs.getString(offset + 13),
                rs.getString(offset + 14),
                rs.getString(offset + 15),
                rs.getString(offset + 16),
                rs.getString(offset + 17),
                rs.getString(offset + 18));
        return AuditCanonicalForm.same(mac.doFinal(AuditCanonicalForm.encode(fields)), stored);
    }
}
