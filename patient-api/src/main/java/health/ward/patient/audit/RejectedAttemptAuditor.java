package health.ward.patient.audit;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Audits attempts stopped before reaching a service method (wrong role, invalid input). Role checks
 * run on the I/O thread, where blocking JDBC is not allowed: the event is described there, from the
 * request, and written on a worker thread in a transaction of its own.
 */
@ApplicationScoped
public class RejectedAttemptAuditor {

    private final AuditLog audit;

    RejectedAttemptAuditor(AuditLog audit) {
        this.audit = audit;
    }

    /** Completes once the event is committed; fails if it could not be written. */
    public Uni<Void> record(Audited audited, String patientIdPathParam, AuditOutcome outcome) {
        return record(audited, parse(patientIdPathParam), outcome);
    }

    /** As above, for a patient the request did not name (e.g. the caller's own record on /me). */
    public Uni<Void> record(Audited audited, UUID patientId, AuditOutcome outcome) {
        if (audited == null) {
            return Uni.createFrom().voidItem(); // not a PHI endpoint
        }
        AuditEventEntity event = audit.describe(audited.action(), audited.resourceType(), patientId, outcome);
        return Uni.createFrom().<Void> item(() -> {
            QuarkusTransaction.requiringNew().run(() -> audit.persist(event));
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** A path parameter as a patient id, or null if it is none. */
    public static UUID parse(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
