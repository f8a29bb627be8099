package health.ward.patient.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.crypto.SubjectKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Ward's own metrics (WARD-MON-002). Labels are closed sets — action, role, purpose of use, outcome —
 * never a patient id, a username or any PHI, so they cannot leak data or explode in cardinality.
 * Names are the contract for the chart's PrometheusRules and dashboard.
 */
@ApplicationScoped
public class WardMetrics {

    /** Roles in precedence order; a caller is counted under the first one they hold. */
    static final List<String> ROLES = List.of("clinician", "patient", "auditor", "dpo");

    private final MeterRegistry registry;
    private final AtomicLong auditChainValid = new AtomicLong(1);
    private final AtomicLong auditUnsealed = new AtomicLong(0);
    private final AtomicLong auditLastSealEpoch = new AtomicLong(0);
    private final AtomicLong maxDistinctPatientsPerActor = new AtomicLong(0);
    /** Erasure request states, a closed set: one gauge each. */
    static final List<String> ERASURE_STATES = List.of("PENDING", "ERASED", "REJECTED", "RESTRICTED");
    private final java.util.Map<String, AtomicLong> erasureRequests = new java.util.HashMap<>();
    private final AtomicLong oldestOpenErasureAge = new AtomicLong(0);

    WardMetrics(MeterRegistry registry, SubjectKeys keys) {
        this.registry = registry;
        Gauge.builder("ward_audit_chain_valid", auditChainValid, AtomicLong::get)
                .description("1 if the last audit verification found the trail intact, 0 if it found tampering")
                .register(registry);
        Gauge.builder("ward_audit_unsealed_events", auditUnsealed, AtomicLong::get)
                .description("Genuine audit events not yet chained, at the last verification").register(registry);
        Gauge.builder("ward_audit_last_seal_timestamp_seconds", auditLastSealEpoch, AtomicLong::get)
                .description("Unix time of the last sealing round that chained at least one event").register(registry);
        Gauge.builder("ward_phi_actor_max_distinct_patients_1h", maxDistinctPatientsPerActor, AtomicLong::get)
                .description("Most distinct patients any one actor accessed in the last hour (possible exfiltration); "
                        + "who it was is in the audit trail, never in a label")
                .register(registry);
        for (String state : ERASURE_STATES) {
            AtomicLong count = new AtomicLong(0);
            erasureRequests.put(state, count);
            Gauge.builder("ward_erasure_requests", count, AtomicLong::get).tag("state", state.toLowerCase(java.util.Locale.ROOT))
                    .description("Erasure requests (GDPR Art. 17) by state").register(registry);
        }
        Gauge.builder("ward_erasure_oldest_open_request_age_seconds", oldestOpenErasureAge, AtomicLong::get)
                .description("Age of the oldest erasure request still waiting for a decision (0 if none)").register(registry);
        FunctionCounter.builder("ward_key_cache_hits", keys.cache(), c -> c.hits())
                .description("Data-key cache hits").register(registry);
        FunctionCounter.builder("ward_key_cache_misses", keys.cache(), c -> c.misses())
                .description("Data-key cache misses (each one a Transit unwrap)").register(registry);
    }

    /** One PHI access attempt, as audited. */
    public void access(String action, List<String> callerRoles, String purposeOfUse, String outcome) {
        Counter.builder("ward_phi_access").description("PHI access attempts by action, role, purpose and outcome")
                .tag("action", action).tag("role", primaryRole(callerRoles)).tag("purpose", purposeOfUse)
                .tag("outcome", outcome)
                .register(registry).increment();
    }

    /** A break-glass grant was opened: always alerts. */
    public void breakGlass() {
        Counter.builder("ward_break_glass_grants").description("Break-glass grants opened (emergency cross-organization access)")
                .register(registry).increment();
    }

    /** An audit insert that failed: the access it belonged to was refused (fail closed). */
    public void auditInsertFailed() {
        Counter.builder("ward_audit_insert_failures").description("Audit inserts that failed (request refused)")
                .register(registry).increment();
    }

    /**
     * Stored data failed an integrity check against Ward's keys (WARD-AUD-002, WARD-IAM-001): a record's
     * authorization data, a ciphertext, a break-glass grant, or the audit chain the sealer was about to
     * extend. Always alerts. {@code kind} is a closed set of words, never an id.
     */
    public void integrityFailure(String kind) {
        Counter.builder("ward_integrity_failures").description("Stored data that failed an integrity check (tampering)")
                .tag("kind", kind).register(registry).increment();
    }

    public void verified(boolean valid, long unsealed) {
        auditChainValid.set(valid ? 1 : 0);
        auditUnsealed.set(unsealed);
    }

    public void maxDistinctPatientsPerActor(long value) {
        maxDistinctPatientsPerActor.set(value);
    }

    public void erasureRequests(java.util.Map<String, Long> byState, long oldestOpenAgeSeconds) {
        erasureRequests.forEach((state, gauge) -> gauge.set(byState.getOrDefault(state, 0L)));
        oldestOpenErasureAge.set(oldestOpenAgeSeconds);
    }

    public void sealed(long epochSeconds) {
        auditLastSealEpoch.set(epochSeconds);
    }

    static String primaryRole(List<String> roles) {
        return ROLES.stream().filter(roles::contains).findFirst().orElse("none");
    }
}
