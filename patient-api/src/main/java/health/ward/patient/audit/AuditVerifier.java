package health.ward.patient.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

    /**
     * One consistent snapshot of the trail, checked by several connections at once: the first exports
     * its snapshot and every other imports it ({@code SET TRANSACTION SNAPSHOT}), so all of them see
     * exactly the same rows. The seal chain is cut into {@link #workers()} position ranges, each on its
     * own connection (each range starts from the stored hash before it, as the walk does anyway); the
     * first connection scans the unsealed events meanwhile. A million-event trail is CPU work on both
     * sides (rows sent and decoded, a MAC and a hash per event), so this scales with cores.
     */
    public AuditVerification verify() {
        macKey.newMac(); // unwraps the key here, in the request's thread, if this process has not yet
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = null;
        try {
            Connection first = snapshotConnection(connections, null);
            String snapshot;
            long maxPosition;
            try (Statement s = first.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), (SELECT max(position) FROM ward.audit_seal)")) {
                rs.next();
                snapshot = rs.getString(1);
                maxPosition = rs.getLong(2);
            }
            int ranges = workers();
            Broken broken = new Broken();
            pool = Executors.newFixedThreadPool(ranges + 1, runnable -> {
                Thread t = new Thread(runnable, "audit-verify");
                t.setDaemon(true);
                return t;
            });
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < ranges; i++) {
                long from = maxPosition * i / ranges + 1;
                long to = maxPosition * (i + 1) / ranges;
                Connection c = snapshotConnection(connections, snapshot); // its own, on the same snapshot
                results.add(pool.submit(() -> new long[] { walkChain(c, broken, from, to), 0 }));
            }
            results.add(pool.submit(() -> checkUnsealed(first, broken))); // meanwhile, on the exporting connection
            long checked = 0;
            long genuineUnsealed = 0;
            for (Future<long[]> result : results) {
                long[] r = result.get();
                checked += r[0];
                genuineUnsealed += r[1];
            }
            checkNewestCheckpoint(first, broken);
            metrics.verified(broken.lowest == null, genuineUnsealed);
            return new AuditVerification(broken.lowest == null, checked, broken.lowest, genuineUnsealed);
        } catch (SQLException e) {
            throw unreadable(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw unreadable(sql);
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("audit verification failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audit verification interrupted", e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            for (Connection c : connections) {
                try (c) {
                    c.rollback();
                } catch (SQLException e) {
                    // read-only snapshot: nothing to undo; the pool discards a broken connection
                }
            }
        }
    }

    private static jakarta.persistence.PersistenceException unreadable(SQLException e) {
        return new jakarta.persistence.PersistenceException("audit verification could not read the trail: SQLState "
                + e.getSQLState());
    }

    /** Chain ranges checked at once: the cores, at most 4. */
    static int workers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A read-only REPEATABLE READ transaction, on {@code snapshot} if one is given (server-side cursors need a transaction). */
    private Connection snapshotConnection(List<Connection> connections, String snapshot) throws SQLException {
        Connection c = dataSource.getConnection();
        connections.add(c);
        c.setAutoCommit(false);
        c.setReadOnly(true);
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            if (snapshot != null) {
                try (PreparedStatement importSnapshot = c.prepareStatement("SET TRANSACTION SNAPSHOT '"
                        + snapshot.replace("'", "''") + "'")) {
                    importSnapshot.execute();
                }
            }
        }
        return c;
    }

    /**
     * A query whose rows stream in batches of {@link #FETCH} (a server-side portal), in PostgreSQL's
     * binary format: bytea, uuid and timestamptz arrive as bytes instead of text the server formats and
     * the driver parses again, which is most of the cost of reading a million events.
     */
    private static PreparedStatement streaming(Connection c, String sql) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        q.setFetchSize(FETCH);
        q.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1); // -1: server-prepared, binary transfer
        return q;
    }

    /** Lowest broken event sequence seen so far, by any worker. */
    private static final class Broken {
        volatile Long lowest;

        synchronized void at(long sequence) {
            if (lowest == null || sequence < lowest) {
                lowest = sequence;
            }
        }
    }

    /**
     * Seal positions {@code from}..{@code to}: each row's chain hash from the stored hash before it,
     * positions without gaps, the event present and its MAC valid. Returns how many rows it checked.
     */
    private long walkChain(Connection c, Broken broken, long from, long to) throws SQLException {
        if (from > to) {
            return 0;
        }
        Mac mac = macKey.newMac();
        long checked = 0;
        byte[] previous = AuditCanonicalForm.GENESIS;
        long expectedPosition = from;
        boolean previousMissing = false;
        if (from > 1) {
            try (PreparedStatement q = c.prepareStatement("SELECT hash FROM ward.audit_seal WHERE position = ?")) {
                q.setLong(1, from - 1);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getBytes(1);
                    } else {
                        previousMissing = true; // the seal before this range was deleted: its first row cannot chain
                    }
                }
            }
        }
        try (PreparedStatement q = streaming(c, "SELECT s.position, s.event_sequence, s.hash, " + EVENT_COLUMNS
                + " FROM ward.audit_seal s LEFT JOIN ward.audit_event e ON e.sequence = s.event_sequence"
                + " WHERE s.position BETWEEN ? AND ? ORDER BY s.position")) {
            q.setLong(1, from);
            q.setLong(2, to);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    long position = rs.getLong(1);
                    long eventSequence = rs.getLong(2);
                    byte[] sealedHash = rs.getBytes(3);
                    boolean eventMissing = rs.getObject(SEAL_COLUMNS + 2) == null;
                    byte[] storedMac = eventMissing ? null : rs.getBytes(SEAL_COLUMNS + MAC_COLUMN);
                    byte[] expected = AuditCanonicalForm.chain(previous, position, eventSequence, storedMac);
                    if (position != expectedPosition || previousMissing || eventMissing || !macValid(rs, SEAL_COLUMNS, mac)
                            || !AuditCanonicalForm.same(expected, sealedHash)) {
                        broken.at(eventSequence);
                    }
                    // Continue from the stored hash so one break is reported once, not for every later row.
                    previous = sealedHash;
                    expectedPosition = position + 1;
                    previousMissing = false;
                }
            }
        }
        return checked;
    }

    /** Returns {events checked, of which genuine and still unsealed}. */
    private long[] checkUnsealed(Connection c, Broken broken) throws SQLException {
        Mac mac = macKey.newMac();
        long checked = 0;
        long genuine = 0;
        try (PreparedStatement q = streaming(c, "SELECT " + EVENT_COLUMNS + " FROM ward.audit_event e "
                + "WHERE NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence) ORDER BY e.sequence")) {
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
