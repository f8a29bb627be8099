package health.ward.patient.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The bytes an audit event's MAC covers, and the chain step over sealed events. Each field is
 * length-prefixed (absent = -1), so no two different events share an encoding. The sequence is not
 * part of the MAC: the database assigns it after the MAC is computed; the chain binds it instead.
 */
public final class AuditCanonicalForm {

    static final byte[] GENESIS = new byte[32];

    private AuditCanonicalForm() {
    }

    /** PostgreSQL keeps microseconds: truncate before MAC so the stored value round-trips. */
    public static OffsetDateTime databasePrecision(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    public record Fields(UUID id, OffsetDateTime occurredAt, String actorSubject, String actorUsername,
            String[] actorRoles, String actorOrganization, String clientId, String action, String resourceType,
            String resourceId, UUID patientId, String purposeOfUse, String outcome, String sourceAddress,
            String requestId, String traceId, String detail) {

        static Fields of(AuditEventEntity e) {
            return new Fields(e.id, e.occurredAt, e.actorSubject, e.actorUsername, e.actorRoles, e.actorOrganization,
                    e.clientId, e.action.name(), e.resourceType, e.resourceId, e.patientId, e.purposeOfUse,
                    e.outcome.name(), e.sourceAddress, e.requestId, e.traceId, e.detail);
        }
    }

    public static byte[] encode(Fields f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        put(out, "ward-audit-v1");
        put(out, f.id().toString());
        put(out, Long.toString(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, f.occurredAt().toInstant())));
        put(out, f.actorSubject());
        put(out, f.actorUsername());
        put(out, f.actorRoles() == null ? null : String.join("\u001f", f.actorRoles()));
        put(out, f.actorOrganization());
        put(out, f.clientId());
        put(out, f.action());
        put(out, f.resourceType());
        put(out, f.resourceId());
        put(out, f.patientId() == null ? null : f.patientId().toString());
        put(out, f.purposeOfUse());
        put(out, f.outcome());
        put(out, f.sourceAddress());
        put(out, f.requestId());
        put(out, f.traceId());
        if (f.detail() != null) { // appended only when present: events without detail keep their encoding
            put(out, f.detail());
        }
        return out.toByteArray();
    }

    /** Legacy (before key ids): hash(n) = SHA-256(hash(n-1) | position | event sequence | MAC). */
    public static byte[] chain(byte[] previous, long position, long eventSequence, byte[] mac) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            sha.update(ByteBuffer.allocate(16).putLong(position).putLong(eventSequence).array());
            sha.update(mac == null ? new byte[0] : mac);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keyed: hash(n) = HMAC-SHA256(chain key, hash(n-1) | position | event sequence | MAC). Without the
     * key, which only patient-api holds in clear, nobody can recompute the chain after deleting an event.
     */
    static byte[] chain(javax.crypto.Mac chainKey, byte[] previous, long position, long eventSequence, byte[] mac) {
        chainKey.update(previous);
        chainKey.update(ByteBuffer.allocate(16).putLong(position).putLong(eventSequence).array());
        chainKey.update(mac == null ? new byte[0] : mac);
        return chainKey.doFinal();
    }

    /** What a checkpoint written before checkpoints were chained (format 1) signs. */
    public static byte[] checkpoint(long position, long eventSequence, byte[] hash) {
        return ("ward-audit-checkpoint-v1|" + position + "|" + eventSequence + "|" + java.util.HexFormat.of().formatHex(hash))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** What a chained checkpoint (format 2) signs: its own place and head, and the previous checkpoint's digest. */
    static byte[] checkpoint(long position, long eventSequence, byte[] hash, long previousPosition, byte[] previousDigest) {
        java.util.HexFormat hex = java.util.HexFormat.of();
        return ("ward-audit-checkpoint-v2|" + position + "|" + eventSequence + "|" + hex.formatHex(hash) + "|"
                + previousPosition + "|" + hex.formatHex(previousDigest)).getBytes(StandardCharsets.UTF_8);
    }

    /** A checkpoint's digest: SHA-256 of what it signs. The next checkpoint and the Vault anchor name it. */
    static byte[] digest(byte[] signed) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(signed);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    /** Length-prefixed fields (absent = -1), the same framing as {@link #encode}: for other MACed rows. */
    public static byte[] framed(String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String value : values) {
            put(out, value);
        }
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(-1).array());
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
