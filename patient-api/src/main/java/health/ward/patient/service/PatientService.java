package health.ward.patient.service;

import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.crypto.SubjectKeys;
import health.ward.patient.mapping.PatientMapper;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.repository.SubjectKeyEntity;
import health.ward.patient.rest.PatientCreate;
import health.ward.patient.rest.PatientView;
import health.ward.patient.security.Caller;

/**
 * Patient records for clinicians. Each method is one transaction holding both the data access and
 * its audit event. Denials and misses are business outcomes, not failures: their audit rows commit
 * ({@code dontRollbackOn}) and the exception then becomes the 403/404 answer.
 */
@ApplicationScoped
public class PatientService {

    public static final String RESOURCE_TYPE = "Patient";

    private final SubjectKeys keys;
    private final PatientMapper mapper;
    private final AuditLog audit;
    private final Caller caller;

    PatientService(SubjectKeys keys, PatientMapper mapper, AuditLog audit, Caller caller) {
        this.keys = keys;
        this.mapper = mapper;
        this.audit = audit;
        this.caller = caller;
    }

    @Transactional
    public PatientView create(PatientCreate in) {
        String organization = caller.organization()
                .orElseThrow(() -> new AccessDeniedException("clinician token carries no organization"));
        SubjectKeys.NewKey key = keys.generate();

        SubjectKeyEntity subjectKey = new SubjectKeyEntity();
        subjectKey.id = UUID.randomUUID();
        subjectKey.kekName = key.kekName();
        subjectKey.wrappedKey = key.wrapped();
        subjectKey.persist();

        PatientEntity patient = new PatientEntity();
        patient.id = UUID.randomUUID();
        patient.subjectKey = subjectKey;
        patient.organization = organization;
        mapper.seal(in, patient, key.key());
        patient.persist();

        audit.record(AuditAction.CREATE, RESOURCE_TYPE, patient.id, AuditOutcome.SUCCESS);
        return mapper.open(patient, key.key());
    }

    @Transactional(dontRollbackOn = { PatientNotFoundException.class, AccessDeniedException.class })
    public PatientView read(UUID id) {
        PatientEntity patient = PatientEntity.findById(id);
        if (patient == null) {
            audit.record(AuditAction.READ, RESOURCE_TYPE, id, AuditOutcome.NOT_FOUND);
            throw new PatientNotFoundException(id);
        }
        if (!Objects.equals(caller.organization().orElse(null), patient.organization)) {
            audit.record(AuditAction.READ, RESOURCE_TYPE, id, AuditOutcome.DENIED);
            throw new AccessDeniedException("patient belongs to another organization");
        }
        // Audit first: if the insert fails, the transaction fails before anything is decrypted.
        audit.record(AuditAction.READ, RESOURCE_TYPE, id, AuditOutcome.SUCCESS);
        return mapper.open(patient, keys.unwrap(patient.subjectKey.kekName, patient.subjectKey.wrappedKey));
    }
}
