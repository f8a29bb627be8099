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
 * Chains committed audit events, in the order it finds them, into {@code ward.audit_seal}, then signs
 * the new head (WARD-AUD-002). Requests never wait for it: they only insert their event and its MAC.
 * One sealer at a time across replicas (transaction-scoped advisory lock); a failed run (Vault or
 * database down) rolls back whole and the next run picks up where the chain ends.
 */
@ApplicationScoped
public class AuditSealer {

    private static final Logger LOG = Logger.getLogger(AuditSealer.class);
    /** Arbitrary, fixed: identifies Ward's sealer among advisory locks. */
    static final long LOCK_KEY = 0x5741524441554401L;

    private final AgroalDataSource dataSource;
    private final VaultTransitSecretEngine transit;
    private final WardConfig.Audit config;

    private final WardMetrics metrics;

    AuditSealer(AgroalDataSource dataSource, VaultTransitSecretEngine transit, WardConfig config, WardMetrics metrics) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.transit = transit;
        this.config = config.audit();
    }

    record Head(long position, long eventSequence, byte[] hash) {
        static final Head GENESIS = new Head(0, 0, AuditCanonicalForm.GENESIS);
    }

    @Scheduled(every = "${ward.audit.seal-every:2s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sealPending();
        } catch (RuntimeException e) {
            LOG.warnf("audit sealing deferred: %s", e.getClass().getSimpleName());
        }
    }

    /** Seals what is pending now; returns how many events it sealed (0 if another sealer holds the lock). */
    public int sealPending() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int sealed = sealPending(c);
                c.commit();
                if (sealed > 0) {
                    metrics.sealed(java.time.Instant.now().getEpochSecond());
                }
                return sealed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("audit sealing failed: SQLState " + e.getSQLState(), e);
        }
    }

    private int sealPending(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return 0;
                }
            }
        }
        Head head = head(c);
        List<long[]> sequences = new ArrayList<>();
        List<byte[]> macs = new ArrayList<>();
        try (PreparedStatement pending = c.prepareStatement("""
                SELECT e.sequence, e.mac FROM ward.audit_event e
                WHERE e.occurred_at > COALESCE((SELECT max(sealed_at) FROM ward.audit_seal), '-infinity'::timestamptz)
                                      - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence)
                ORDER BY e.sequence
                LIMIT ?
                """)) {
            pending.setLong(1, config.sealLookback().toSeconds());
            pending.setInt(2, config.sealBatch());
            try (ResultSet rs = pending.executeQuery()) {
                while (rs.next()) {
                    sequences.add(new long[] { rs.getLong(1) });
                    macs.add(rs.getBytes(2));
                }
            }
        }
        if (sequences.isEmpty()) {
            return 0;
        }
        long position = head.position();
        byte[] hash = head.hash();
        long eventSequence = head.eventSequence();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ward.audit_seal (position, event_sequence, hash) VALUES (?, ?, ?)")) {
            for (int i = 0; i < sequences.size(); i++) {
                position++;
                eventSequence = sequences.get(i)[0];
                hash = AuditCanonicalForm.chain(hash, position, eventSequence, macs.get(i));
                insert.setLong(1, position);
                insert.setLong(2, eventSequence);
                insert.setBytes(3, hash);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        checkpoint(c, position, eventSequence, hash);
        return sequences.size();
    }

    private void checkpoint(Connection c, long position, long eventSequence, byte[] hash) throws SQLException {
        String signature = transit.sign(config.signingKey(),
                new SigningInput(AuditCanonicalForm.checkpoint(position, eventSequence, hash)), null);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ward.audit_checkpoint (position, event_sequence, hash, signature, signing_key) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, position);
            insert.setLong(2, eventSequence);
            insert.setBytes(3, hash);
            insert.setString(4, signature);
            insert.setString(5, config.signingKey());
            insert.executeUpdate();
        }
    }

    static Head head(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT position, event_sequence, hash FROM ward.audit_seal ORDER BY position DESC LIMIT 1");
                ResultSet rs = q.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getLong(2), rs.getBytes(3)) : Head.GENESIS;
        }
    }
}
