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
import health.ward.patient.metrics.WardMetrics;
import io.agroal.api.AgroalDataSource;

/**
 * Checks the whole audit trail (WARD-AUD-002): every event's MAC (catches UPDATE and forged INSERT),
 * the keyed seal chain in order (catches DELETE and reordering, even with the seals rebuilt), unsealed
 * events older than the sealing bound, and every signed checkpoint, chained to the one before and the
 * newest anchored in Vault (catches deleted checkpoints and the newest events being cut off). Streams
 * rows, so memory stays flat for millions of events.
 */
@ApplicationScoped
public class AuditVerifier {

    private static final String EVENT_COLUMNS = "e.sequence, e.id, e.occurred_at, e.actor_subject, e.actor_username, "
            + "e.actor_roles, e.actor_organization, e.client_id, e.action, e.resource_type, e.resource_id, e.patient_id, "
            + "e.purpose_of_use, e.outcome, e.source_address, e.request_id, e.trace_id, e.detail, e.mac, e.mac_key_id";
    /** 1-based positions in EVENT_COLUMNS; the chain query puts SEAL_COLUMNS before them. */
    private static final int MAC_COLUMN = 19;
    private static final int MAC_KEY_COLUMN = 20;
    private static final int SEAL_COLUMNS = 4;
    private static final int FETCH = 5000;

    private final AgroalDataSource dataSource;
    private final AuditMacKey macKey;
    private final CheckpointKeys checkpointKeys;
    private final AuditAnchor anchor;
    private final WardConfig.Audit config;

    private final WardMetrics metrics;

    AuditVerifier(AgroalDataSource dataSource, AuditMacKey macKey, CheckpointKeys checkpointKeys, AuditAnchor anchor,
            WardConfig config, WardMetrics metrics) {
        this.metrics = metrics;
        this.dataSource = dataSource;
        this.macKey = macKey;
        this.checkpointKeys = checkpointKeys;
        this.anchor = anchor;
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
        // Keys first, in the request's thread: every audit key by id, the pinned checkpoint key's public
        // halves and the anchor, each one Vault call at most, whatever the size of the trail.
        AuditMacKey.KeyRing ring = macKey.ring();
        CheckpointKeys.Verifier signatures = checkpointKeys.verifier();
        AuditAnchor.Anchor anchored = anchor.read().orElse(null);
        List<Connection> connections = new ArrayList<>();
        ExecutorService pool = null;
        try {
            Connection first = snapshotConnection(connections, null);
            String snapshot;
            long maxPosition;
            long firstKeyed;
            try (Statement s = first.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_export_snapshot(), (SELECT max(position) FROM ward.audit_seal), "
                            + "(SELECT position FROM ward.audit_seal WHERE key_id IS NOT NULL ORDER BY position LIMIT 1)")) {
                rs.next();
                snapshot = rs.getString(1);
                maxPosition = rs.getLong(2);
                long keyed = rs.getLong(3);
                firstKeyed = rs.wasNull() ? Long.MAX_VALUE : keyed;
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
                results.add(pool.submit(() -> new long[] { walkChain(c, broken, from, to, ring.macs(), firstKeyed), 0 }));
            }
            results.add(pool.submit(() -> checkUnsealed(first, broken, ring.macs()))); // meanwhile, on the exporting connection
            long checked = 0;
            long genuineUnsealed = 0;
            for (Future<long[]> result : results) {
                long[] r = result.get();
                checked += r[0];
                genuineUnsealed += r[1];
            }
            checkCheckpoints(first, broken, signatures, anchored, maxPosition);
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
    private long walkChain(Connection c, Broken broken, long from, long to, AuditMacKey.Macs macs, long firstKeyed)
            throws SQLException {
        if (from > to) {
            return 0;
        }
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
        try (PreparedStatement q = streaming(c, "SELECT s.position, s.event_sequence, s.hash, s.key_id, " + EVENT_COLUMNS
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
                    String keyId = rs.getString(4);
                    // Unkeyed seals predate keyed ones (V8) and are never accepted after the first keyed one.
                    Mac chain = keyId == null ? null : macs.chain(keyId);
                    byte[] expected = keyId == null
                            ? (position < firstKeyed ? AuditCanonicalForm.chain(previous, position, eventSequence, storedMac) : null)
                            : (chain == null ? null : AuditCanonicalForm.chain(chain, previous, position, eventSequence, storedMac));
                    if (position != expectedPosition || previousMissing || eventMissing || !macValid(rs, SEAL_COLUMNS, macs)
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

    /**
     * Events no seal names. Returns {events checked, of which genuine and still unsealed}. Genuine means
     * a valid MAC and younger than the sealing bound: the sealer seals anything younger, late commits
     * included, so an older unsealed event lost its seal (with the chain rebuilt around it) or was never
     * sealed in time. Either is named.
     */
    private long[] checkUnsealed(Connection c, Broken broken, AuditMacKey.Macs macs) throws SQLException {
        long checked = 0;
        long genuine = 0;
        try (PreparedStatement q = streaming(c, "SELECT " + EVENT_COLUMNS + ", e.occurred_at < now() - make_interval(secs => ?)"
                + " FROM ward.audit_event e"
                + " WHERE NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence) ORDER BY e.sequence")) {
            q.setLong(1, config.unsealedMaxAge().toSeconds());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    checked++;
                    if (macValid(rs, 0, macs) && !rs.getBoolean(MAC_KEY_COLUMN + 1)) {
                        genuine++;
                    } else {
                        broken.at(rs.getLong(1));
                    }
                }
            }
        }
        return new long[] { checked, genuine };
    }

    /**
     * Every checkpoint, in position order: signed by the pinned key (the row's {@code signing_key} must
     * name it; the public key comes from Vault), its head equal to the stored seal at its position, and
     * linked to the checkpoint before it (format 2), so a deleted or forged checkpoint is named. Then
     * coverage: no seal beyond the newest checkpoint (the sealer writes both in one transaction). Then
     * the anchor: the checkpoint Vault remembers as newest must still be stored, or the trail was cut
     * off after the last checkpoint that is; the first sequence after that one is named.
     */
    private void checkCheckpoints(Connection c, Broken broken, CheckpointKeys.Verifier signatures,
            AuditAnchor.Anchor anchored, long maxPosition) throws SQLException {
        long previousPosition = 0;
        byte[] previousDigest = AuditCanonicalForm.GENESIS;
        boolean chained = false;
        long newestPosition = 0;
        boolean anchorFound = anchored == null;
        long lastBelowAnchor = 0;
        try (PreparedStatement q = streaming(c, "SELECT s.hash, (SELECT min(n.event_sequence) FROM ward.audit_seal n"
                + " WHERE n.position = cp.position + 1), cp." + AuditSealer.Checkpoint.COLUMNS.replace(", ", ", cp.")
                + " FROM ward.audit_checkpoint cp LEFT JOIN ward.audit_seal s ON s.position = cp.position"
                + " ORDER BY cp.position, cp.id"); ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                byte[] sealedHash = rs.getBytes(1);
                AuditSealer.Checkpoint cp = AuditSealer.Checkpoint.of(rs, 2);
                byte[] signed = cp.signed();
                byte[] digest = AuditCanonicalForm.digest(signed);
                boolean linked = switch (cp.format()) {
                    case 1 -> !chained; // unchained checkpoints predate chained ones (V8), never after
                    case 2 -> cp.previousPosition() == previousPosition && AuditCanonicalForm.same(cp.previousDigest(), previousDigest);
                    default -> false;
                };
                chained |= cp.format() == 2;
                if (!linked || !signatures.valid(cp.signingKey(), cp.signature(), signed)) {
                    broken.at(cp.eventSequence());
                } else if (!AuditCanonicalForm.same(cp.hash(), sealedHash)) {
                    // The seal it signed was changed or deleted. A deleted seal breaks the chain at the next
                    // row, which the walk names; without a next row, the cut-off starts with this event.
                    long next = rs.getLong(2);
                    broken.at(sealedHash == null && !rs.wasNull() ? next : cp.eventSequence());
                }
                if (anchored != null && cp.position() < anchored.position()) {
                    lastBelowAnchor = cp.eventSequence();
                }
                if (anchored != null && cp.position() == anchored.position() && AuditCanonicalForm.same(digest, anchored.digest())) {
                    anchorFound = true;
                }
                // Continue from the stored checkpoint so one break is reported once.
                previousPosition = cp.position();
                previousDigest = digest;
                newestPosition = cp.position();
            }
        }
        if (maxPosition > newestPosition) {
            try (PreparedStatement q = c.prepareStatement("SELECT event_sequence FROM ward.audit_seal WHERE position > ? ORDER BY position LIMIT 1")) {
                q.setLong(1, newestPosition);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) {
                        broken.at(rs.getLong(1)); // sealed, but no checkpoint signs it: its checkpoint was deleted
                    }
                }
            }
        }
        if (!anchorFound) {
            broken.at(lastBelowAnchor + 1);
        }
    }

    /**
     * Whether the event whose {@link #EVENT_COLUMNS} start after column {@code offset} carries a valid
     * MAC. By column index: this runs once per event, a million times for a million-event trail.
     */
    private static boolean macValid(ResultSet rs, int offset, AuditMacKey.Macs macs) throws SQLException {
        byte[] stored = rs.getBytes(offset + MAC_COLUMN);
        Mac mac = stored == null ? null : macs.event(rs.getString(offset + MAC_KEY_COLUMN));
        if (mac == null || rs.getObject(offset + 2) == null) {
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
