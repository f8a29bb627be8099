package health.ward.patient.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import health.ward.patient.metrics.WardMetrics;
import health.ward.patient.security.AccessContext;
import health.ward.patient.security.Caller;

/**
 * Writes audit events (WARD-AUD-001). {@link #record} joins the caller's transaction and flushes at
 * once, so a failed audit insert fails the very transaction that accessed the data: PHI is never
 * returned without its audit row committed alongside.
 */
@ApplicationScoped
public class AuditLog {

    private final EntityManager em;
    private final Caller caller;
    private final AccessContext context;
    private final AuditMacKey macKey;
    private final WardMetrics metrics;

    AuditLog(EntityManager em, Caller caller, AccessContext context, AuditMacKey macKey, WardMetrics metrics) {
        this.em = em;
        this.caller = caller;
        this.context = context;
        this.macKey = macKey;
        this.metrics = metrics;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEventEntity record(AuditAction action, String resourceType, UUID patientId, AuditOutcome outcome) {
        return persist(describe(action, resourceType, patientId, outcome));
    }

    /** As {@link #record}, with a PHI-free detail (e.g. rectification digests). */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEventEntity record(AuditAction action, String resourceType, UUID patientId, AuditOutcome outcome,
            String detail) {
        AuditEventEntity event = describe(action, resourceType, patientId, outcome);
        event.detail = detail;
        return persist(event);
    }

    /** An access by Ward itself (a scheduled job), not by a caller: the actor is the job. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEventEntity recordSystem(String job, AuditAction action, String resourceType, UUID patientId,
            AuditOutcome outcome, String detail) {
        AuditEventEntity event = base(action, resourceType, patientId, outcome);
        event.actorSubject = "system:" + job;
        event.actorUsername = job;
        event.actorRoles = new String[] { "system" };
        event.actorOrganization = null;
        event.clientId = "patient-api";
        event.purposeOfUse = "HOPERAT";
        event.requestId = UUID.randomUUID().toString();
        event.detail = detail;
        return persist(event);
    }

    /** Joins the caller's transaction and flushes, so a failed insert fails that transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AuditEventEntity persist(AuditEventEntity event) {
        event.macKeyId = macKey.currentId();
        event.mac = macKey.mac(AuditCanonicalForm.encode(AuditCanonicalForm.Fields.of(event)));
        try {
            em.persist(event);
            em.flush();
        } catch (RuntimeException e) {
            metrics.auditInsertFailed();
            throw e;
        }
        metrics.access(event.action.name(), java.util.Arrays.asList(event.actorRoles), event.purposeOfUse, event.outcome.name());
        return event;
    }

    /**
     * Captures who, what and how from the current request without touching the database, so the
     * event can be written later on another thread (see {@link RejectedAttemptAuditor}).
     */
    public AuditEventEntity describe(AuditAction action, String resourceType, UUID patientId, AuditOutcome outcome) {
        AuditEventEntity event = base(action, resourceType, patientId, outcome);
        event.actorSubject = caller.subject();
        event.actorUsername = caller.username();
        event.actorRoles = caller.roles().toArray(String[]::new);
        event.actorOrganization = caller.organization().orElse(null);
        event.clientId = caller.clientId();
        event.purposeOfUse = context.purposeOfUse();
        event.sourceAddress = context.sourceAddress();
        event.requestId = context.requestId();
        event.traceId = context.traceId();
        return event;
    }

    private static AuditEventEntity base(AuditAction action, String resourceType, UUID patientId, AuditOutcome outcome) {
        AuditEventEntity event = new AuditEventEntity();
        event.id = UUID.randomUUID();
        event.occurredAt = AuditCanonicalForm.databasePrecision(OffsetDateTime.now(ZoneOffset.UTC));
        event.action = action;
        event.resourceType = resourceType;
        event.resourceId = patientId == null ? null : patientId.toString();
        event.patientId = patientId;
        event.outcome = outcome;
        return event;
    }
}
