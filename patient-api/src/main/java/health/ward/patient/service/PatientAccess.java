package health.ward.patient.service;

import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.security.Caller;

/**
 * The one gate to a patient's record for clinicians: the record must exist and belong to the
 * caller's organization. A record of another organization is answered exactly like a missing one
 * (404), so probing reveals nothing, while the audit trail records the truth (DENIED vs NOT_FOUND).
 * A restricted record (GDPR Art. 18) is read only under break-glass and never written.
 */
@ApplicationScoped
public class PatientAccess {

    private final AuditLog audit;
    private final Caller caller;
    private final BreakGlass breakGlass;
    private final RecordIntegrity integrity;

    PatientAccess(AuditLog audit, Caller caller, BreakGlass breakGlass, RecordIntegrity integrity) {
        this.integrity = integrity;
        this.audit = audit;
        this.caller = caller;
        this.breakGlass = breakGlass;
    }

    /** Reads may cross organizations under break-glass; writes never do. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = AccessRefusedException.class)
    public PatientEntity require(UUID id, AuditAction action, String resourceType) {
        PatientEntity patient = PatientEntity.findById(id);
        if (patient == null) {
            audit.record(action, resourceType, id, AuditOutcome.NOT_FOUND);
            throw new PatientNotFoundException(id);
        }
        boolean sameOrganization = Objects.equals(caller.organization().orElse(null), patient.organization);
        if ((!sameOrganization || patient.restricted) && !(action == AuditAction.READ && breakGlass.permits(patient))) {
            audit.record(action, resourceType, id, AuditOutcome.DENIED);
            // Another organization's record stays indistinguishable from a missing one.
            throw sameOrganization ? new RecordRestrictedException() : new PatientNotFoundException(id);
        }
        // Granted on the stored organization and restriction (or a grant): they must be as Ward wrote them.
        integrity.check(patient);
        return patient;
    }
}
