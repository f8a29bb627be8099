package health.ward.e2e.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.ward.db.RecordsDatabase;
import health.ward.e2e.stack.LocalStack;
import health.ward.patient.audit.AuditCanonicalForm;
import health.ward.testing.ManagedProcess;

/**
 * Benchmark only: grows the local stack's audit trail to a given size with events that carry valid
 * MACs, so that {@code GET /audit-events/verify} can be timed on 1,000,000 events (issue 8) without
 * hours of API load. It can do so only because a benchmark holds OpenBao's root token: it unwraps
 * the trail's MAC key with Transit, exactly as patient-api does, MACs each event with patient-api's
 * own {@link AuditCanonicalForm}, and COPYs the rows in as the database superuser. Sealing is left to
 * patient-api's own sealer (a second patient-api with a larger seal batch, so the chain catches up
 * in about a minute instead of the shipped 5,000 events per 2 s). In production nothing holds the
 * unwrapped key outside patient-api's memory, which is what makes forged rows detectable.
 */
final class AuditTrailLoader {

    private static final int COPY_BATCH = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditTrailLoader() {
    }

    /** Adds events until the trail holds {@code target}; then waits until every event is sealed. Returns the size. */
    static long fill(LocalStack stack, java.nio.file.Path runDirectory, long target) throws Exception {
        RecordsDatabase db = stack.database();
        long existing = count(db, "SELECT count(*) FROM ward.audit_event");
        SecretKeySpec key = macKey(stack);
        long start = System.nanoTime();
        try (Connection c = db.superuserConnection(RecordsDatabase.DATABASE)) {
            for (long written = existing; written < target; written += COPY_BATCH) {
                int n = (int) Math.min(COPY_BATCH, target - written);
                ((PGConnection) c.unwrap(PGConnection.class)).getCopyAPI().copyIn("""
                        COPY ward.audit_event (id, occurred_at, actor_subject, actor_username, actor_roles,
                            actor_organization, client_id, action, resource_type, resource_id, patient_id,
                            purpose_of_use, outcome, source_address, request_id, trace_id, mac) FROM STDIN (FORMAT csv)
                        """, new ByteArrayInputStream(csv(key, written, n)));
            }
        }
        System.out.printf("  audit trail: %d events added by COPY in %.1f s; sealing ...%n", Math.max(0, target - existing),
                (System.nanoTime() - start) / 1e9);
        long sealStart = System.nanoTime();
        try (ExtraPatientApi sealer = new ExtraPatientApi(stack, ManagedProcess.freePort(), runDirectory.resolve("audit-sealer"))
                .withEnvironment(Map.of("WARD_AUDIT_SEAL_BATCH", "100000", "WARD_AUDIT_SEAL_EVERY", "1s",
                        // the loaded events are all "now": sealing a million may outlast the 15-minute bound
                        "WARD_AUDIT_UNSEALED_MAX_AGE", "PT2H"))
                .start()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            long unsealed;
            while ((unsealed = count(db, "SELECT count(*) FROM ward.audit_event e "
                    + "WHERE NOT EXISTS (SELECT 1 FROM ward.audit_seal s WHERE s.event_sequence = e.sequence)")) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(unsealed + " audit events still unsealed after 15 min");
                }
                Thread.sleep(2000);
            }
        }
        System.out.printf("  audit trail sealed in %.1f s%n", (System.nanoTime() - sealStart) / 1e9);
        return count(db, "SELECT count(*) FROM ward.audit_event");
    }

    /** The trail's MAC key, unwrapped by Transit with the root token. */
    private static SecretKeySpec macKey(LocalStack stack) throws SQLException, IOException {
        String kek;
        String wrapped;
        try (Connection c = stack.database().superuserConnection(RecordsDatabase.DATABASE);
                PreparedStatement q = c.prepareStatement(
                        "SELECT kek_name, wrapped_key FROM ward.audit_key WHERE starts_with(id, 'audit-mac-')");
                ResultSet rs = q.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no audit MAC key yet: write at least one event through the API first");
            }
            kek = rs.getString(1);
            wrapped = rs.getString(2);
            if (rs.next()) {
                throw new IllegalStateException("more than one audit MAC key (rotated): this loader knows one");
            }
        }
        JsonNode answer = JSON.readTree(stack.openBao().post("transit/decrypt/" + kek,
                JSON.writeValueAsString(Map.of("ciphertext", wrapped))));
        return new SecretKeySpec(Base64.getDecoder().decode(answer.path("data").path("plaintext").asText()), "HmacSHA256");
    }

    /** {@code n} READ events of a fictitious auditor, numbered from {@code from}, as COPY CSV. */
    private static byte[] csv(SecretKeySpec key, long from, int n) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        HexFormat hex = HexFormat.of();
        OffsetDateTime base = AuditCanonicalForm.databasePrecision(OffsetDateTime.now(ZoneOffset.UTC));
        StringBuilder out = new StringBuilder(n * 420);
        String[] roles = { "auditor" };
        for (int i = 0; i < n; i++) {
            long number = from + i;
            AuditCanonicalForm.Fields f = new AuditCanonicalForm.Fields(UUID.randomUUID(), base.plusNanos(i * 1000L),
                    "bench-loader", "bench.loader", roles, "org-bench", "ward-bench", "READ", "Patient",
                    UUID.randomUUID().toString(), UUID.randomUUID(), "HOPERAT", "SUCCESS", "127.0.0.1",
                    "bench-1m-" + number, null, null);
            byte[] tag = mac.doFinal(AuditCanonicalForm.encode(f));
            out.append(f.id()).append(',').append(f.occurredAt()).append(',').append(f.actorSubject()).append(',')
                    .append(f.actorUsername()).append(",\"{auditor}\",").append(f.actorOrganization()).append(',')
                    .append(f.clientId()).append(',').append(f.action()).append(',').append(f.resourceType()).append(',')
                    .append(f.resourceId()).append(',').append(f.patientId()).append(',').append(f.purposeOfUse())
                    .append(',').append(f.outcome()).append(',').append(f.sourceAddress()).append(',')
                    .append(f.requestId()).append(",,\\x").append(hex.formatHex(tag)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code make bench-verify}: only this figure, for work on the verifier (a full {@code make bench}
     * takes about 40 minutes). Prints; does not touch docs/benchmarks.md.
     */
    public static void main(String[] args) throws Exception {
        long events = Long.getLong("bench.auditTrailEvents", 1_000_000);
        int runs = Integer.getInteger("bench.runs", 5);
        java.nio.file.Path run = health.ward.testing.RepoPaths.runDirectory("bench-verify");
        try (LocalStack stack = LocalStack.start(health.ward.e2e.stack.Ports.free(), run,
                health.ward.db.RecordsDatabases.Kind.EMBEDDED)) {
            WardApi api = new WardApi(stack.apiUrl(), stack.keycloak().tokenEndpoint());
            api.seedPatients("clin.ada", "VERIFY-SEED", 1);
            fill(stack, run, events);
            for (int i = 0; i <= runs; i++) {
                long t0 = System.nanoTime();
                JsonNode result = api.verifyAudit(Duration.ofMinutes(10));
                System.out.printf("%s verify: %.2f s %s%n", i == 0 ? "discarded" : "run " + i, (System.nanoTime() - t0) / 1e9, result);
            }
        }
    }

    private static long count(RecordsDatabase db, String sql) throws SQLException {
        try (Connection c = db.superuserConnection(RecordsDatabase.DATABASE);
                PreparedStatement q = c.prepareStatement(sql); ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
