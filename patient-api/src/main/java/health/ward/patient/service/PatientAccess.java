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
 */
@ApplicationScoped
public class PatientAccess {

    private final AuditLog audit;
    private final Caller caller;
    private final BreakGlass breakGlass;

    PatientAccess(AuditLog audit, Caller caller, BreakGlass breakGlass) {
        this.audit = audit;
        this.caller = caller;
        this.breakGlass = breakGlass;
    }

    /** Reads may cross organizations under break-glass; writes never do. */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = PatientNotFoundException.class)
    public PatientEntity require(UUID id, AuditAction action, String resourceType) {
        PatientEntity patient = PatientEntity.findById(id);
        if (patient == null) {
            audit.record(action, resourceType, id, AuditOutcome.NOT_FOUND);
            throw new PatientNotFoundException(id);
        }
        if (!Objects.equals(caller.organization().orElse(null), patient.organization)
                && !(action == AuditAction.READ && breakGlass.permits(patient))) {
            audit.record(action, resourceType, id, AuditOutcome.DENIED);
            throw new PatientNotFoundException(id);
        }
        return patient;
    }
}
