package health.ward.patient.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import health.ward.patient.config.WardConfig;
import health.ward.patient.metrics.WardMetrics;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vault.VaultTransitSecretEngine;
import io.quarkus.vault.transit.SigningInput;

/**
 * Chains committed audit events, in the order it finds them, into {@code ward.audit_seal} with a keyed
 * chain, then signs the new head together with the previous checkpoint's digest, and anchors that
 * checkpoint in Vault (WARD-AUD-002). Requests never wait for it: they only insert their event and its MAC.
 * One sealer at a time across replicas (transaction-scoped advisory lock); a failed run (Vault or
 * database down) rolls back whole and the next run picks up where the chain ends.
 */
@ApplicationScoped
public class AuditSealer {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);
    /** The log category alerting pipelines match on: ids and positions only. */
    static final Logger ALERT = Logger.getLogger("ward.alert.audit-integrity");
    /** Arbitrary, fixed: identifies Ward's sealer among advisory locks. */
    static final long LOCK_KEY = 0x5741524441554401L;

    private final AgroalDataSource dataSource;
    private final VaultTransitSecretEngine transit;
    private final WardConfig.Audit config;
    private final AuditMacKey macKey;
    private final AuditAnchor anchor;
    private final WardMetrics metrics;

    AuditSealer(AgroalDataSource dataSource, VaultTransitSecretEngine transit, WardConfig config, AuditMacKey macKey,
            AuditAnchor anchor, WardMetrics metrics) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.transit = transit;
        this.config = config.audit();
        this.macKey = macKey;
        this.anchor = anchor;
    }

    record Head(long position, long eventSequence, byte[] hash) {
        static final Head GENESIS = new Head(0, 0, AuditCanonicalForm.GENESIS);
    }

    /** A stored checkpoint and what it signs; its digest is what the next checkpoint and the anchor name. */
    record Checkpoint(long position, long eventSequence, byte[] hash, int format, long previousPosition,
            byte[] previousDigest, String signature, String signingKey) {

        static final String COLUMNS = "position, event_sequence, hash, format, previous_position, previous_digest, signature, signing_key";

        static Checkpoint of(ResultSet rs, int offset) throws SQLException {
            return new Checkpoint(rs.getLong(offset + 1), rs.getLong(offset + 2), rs.getBytes(offset + 3), rs.getInt(offset + 4),
                    rs.getLong(offset + 5), rs.getBytes(offset + 6), rs.getString(offset + 7), rs.getString(offset + 8));
        }

        byte[] signed() {
            return format == 1 ? AuditCanonicalForm.checkpoint(position, eventSequence, hash)
                    : AuditCanonicalForm.checkpoint(position, eventSequence, hash, previousPosition,
                            previousDigest == null ? new byte[0] : previousDigest);
        }

        byte[] digest() {
            return AuditCanonicalForm.digest(signed());
        }
    }

    /** What a committed round leaves to anchor. */
    private record Round(int sealed, int anchorVersion, long position, long eventSequence, byte[] digest) {
    }

    @Scheduled(every = "${ward.audit.seal-every:2s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sealPending();
        } catch (RuntimeException e) {
            LOG.warnf("audit sealing deferred: %s", e.getClass().getSimpleName());
        }
    }

    /**
     * Seals what is pending now; returns how many events it sealed (0 if another sealer holds the lock,
     * or if the chain in the database is not the one anchored: then nothing is sealed and it alerts).
     */
    public int sealPending() {
        Round round;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                round = sealPending(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit sealing failed: SQLState " + e.getSQLState(), e);
        }
        if (round.sealed() > 0) {
            metrics.sealed(java.time.Instant.now().getEpochSecond());
            // After the commit: an anchor never names a checkpoint that is not stored. If this write
            // fails, the anchor lags one round and the next round moves it on.
            try {
                if (!anchor.advance(round.anchorVersion(), round.position(), round.eventSequence(), round.digest())) {
                    LOG.debugf("audit anchor moved by another sealer meanwhile");
                }
            } catch (RuntimeException e) {
                LOG.warnf("audit anchor not advanced (retried next round): %s", e.getClass().getSimpleName());
            }
        }
        return round.sealed();
    }

    private Round sealPending(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return new Round(0, 0, 0, 0, null);
                }
            }
        }
        Pending pending = pending(c, true);
        if (pending.sequences().isEmpty()) {
            return new Round(0, 0, 0, 0, null);
        }
        Head head = head(c);
        Checkpoint newest = newestCheckpoint(c);
        var anchored = anchor.read();
        String refusal = refusal(c, head, newest, anchored.orElse(null));
        if (refusal != null) {
            metrics.integrityFailure("audit-chain");
            ALERT.errorf("audit sealing refused: %s (newest seal position=%d, newest checkpoint position=%d); "
                    + "run GET /api/v1/audit-events/verify", refusal, head.position(), newest == null ? 0 : newest.position());
            return new Round(0, 0, 0, 0, null);
        }
        if (anchored.isEmpty()) {
            // No anchor: a new trail, or an operator re-anchoring after a restore (only a Vault admin can
            // delete the anchor). The chain is adopted as it stands, and every event it has not sealed
            // yet is sealed now, however old: the operator has recorded what the restore lost.
            pending = pending(c, false);
        }
        List<Long> sequences = pending.sequences();
        List<byte[]> macs = pending.macs();
        long position = head.position();
        byte[] hash = head.hash();
        long eventSequence = head.eventSequence();
        javax.crypto.Mac chain = AuditMacKey.hmac(macKey.currentChainKey());
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ward.audit_seal (position, event_sequence, hash, key_id) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < sequences.size(); i++) {
                position++;
                eventSequence = sequences.get(i);
                hash = AuditCanonicalForm.chain(chain, hash, position, eventSequence, macs.get(i));
                insert.setLong(1, position);
                insert.setLong(2, eventSequence);
                insert.setBytes(3, hash);
                insert.setString(4, macKey.currentId());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        byte[] digest = checkpoint(c, new Checkpoint(position, eventSequence, hash, 2,
                newest == null ? 0 : newest.position(), newest == null ? AuditCanonicalForm.GENESIS : newest.digest(), null,
                config.signingKey()));
        return new Round(sequences.size(), anchored.map(AuditAnchor.Anchor::version).orElse(0), position, eventSequence, digest);
    }

    /**
     * Why this chain must not be extended, or null. The sealer signs whatever it extends, so it extends
     * only the chain that was anchored: its newest seal is the newest checkpoint's, and the checkpoint the
     * Vault anchor names is still stored, unchanged. Otherwise rows were deleted or rewritten (or the
     * database was restored from a backup): sealing on would sign the rewritten history.
     */
    private static String refusal(Connection c, Head head, Checkpoint newest, AuditAnchor.Anchor anchored) throws SQLException {
        if (newest == null ? head.position() != 0
                : newest.position() != head.position() || !AuditCanonicalForm.same(newest.hash(), head.hash())) {
            return "the newest seal is not the newest checkpoint's";
        }
        if (anchored == null) {
            return null;
        }
        Checkpoint at = checkpointAt(c, anchored.position());
        if (at == null || !AuditCanonicalForm.same(at.digest(), anchored.digest())) {
            return "the checkpoint anchored in Vault (position " + anchored.position() + ") is missing or changed";
        }
        return null;
    }

    private record Pending(List<Long> sequences, List<byte[]> macs) {
    }

    /**
     * Events no seal names yet, in sequence order, at most a batch. {@code bounded}: only those younger
     * than the bound. Late commits are sealed too; older events are not (verification names them: an
     * unsealed event that old is tampering or a sealer outage longer than the bound, and both need a human).
     */
    private Pending pending(Connection c, boolean bounded) throws SQLException {
        List<Long> sequences = new ArrayList<>();
        List<byte[]> macs = new ArrayList<>();
        try (PreparedStatement pending = c.prepareStatement("SELECT e.sequence, e.mac FROM ward.audit_event e"
                + " WHERE " + (bounded ? "e.occurred_at > now() - make_interval(secs => ?) AND " : "")
                + "NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence)"
                + " ORDER BY e.sequence LIMIT ?")) {
            int parameter = 1;
            if (bounded) {
                pending.setLong(parameter++, config.unsealedMaxAge().toSeconds());
            }
            pending.setInt(parameter, config.sealBatch());
            try (ResultSet rs = pending.executeQuery()) {
                while (rs.next()) {
                    sequences.add(rs.getLong(1));
                    macs.add(rs.getBytes(2));
                }
            }
        }
        return new Pending(sequences, macs);
    }

    private byte[] checkpoint(Connection c, Checkpoint cp) throws SQLException {
        byte[] signed = cp.signed();
        String signature = transit.sign(config.signingKey(), new SigningInput(signed), null);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO ward.audit_checkpoint (" + Checkpoint.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, cp.position());
            insert.setLong(2, cp.eventSequence());
            insert.setBytes(3, cp.hash());
            insert.setInt(4, cp.format());
            insert.setLong(5, cp.previousPosition());
            insert.setBytes(6, cp.previousDigest());
            insert.setString(7, signature);
            insert.setString(8, config.signingKey());
            insert.executeUpdate();
        }
        return AuditCanonicalForm.digest(signed);
    }

    static Head head(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT position, event_sequence, hash FROM ward.audit_seal ORDER BY position DESC LIMIT 1");
                ResultSet rs = q.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3)) : Head.GENESIS;
        }
    }

    static Checkpoint newestCheckpoint(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + Checkpoint.COLUMNS
                + " FROM ward.audit_checkpoint ORDER BY position DESC, id DESC LIMIT 1"); ResultSet rs = q.executeQuery()) {
            return rs.next() ? Checkpoint.of(rs, 0) : null;
        }
    }

    static Checkpoint checkpointAt(Connection c, long position) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + Checkpoint.COLUMNS
                + " FROM ward.audit_checkpoint WHERE position = ? ORDER BY id DESC LIMIT 1")) {
            q.setLong(1, position);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Checkpoint.of(rs, 0) : null;
            }
        }
    }
}
