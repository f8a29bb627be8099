package health.ward.patient.service;

import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.mapping.ClinicalMapper;
import health.ward.patient.repository.NoteEntity;
import health.ward.patient.repository.ObservationEntity;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.NoteCreate;
import health.ward.patient.rest.NoteView;
import health.ward.patient.rest.ObservationCreate;
import health.ward.patient.rest.ObservationView;
import health.ward.patient.security.Caller;

/** Observations and notes of one patient, behind the same gate and audit as the patient record. */
@ApplicationScoped
public class ClinicalService {

    public static final String OBSERVATION = "Observation";
    public static final String NOTE = "DocumentReference";

    private final PatientAccess access;
    private final PatientService patients;
    private final ClinicalMapper mapper;
    private final AuditLog audit;
    private final Caller caller;

    ClinicalService(PatientAccess access, PatientService patients, ClinicalMapper mapper, AuditLog audit, Caller caller) {
        this.access = access;
        this.patients = patients;
        this.mapper = mapper;
        this.audit = audit;
        this.caller = caller;
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public ObservationView addObservation(UUID patientId, ObservationCreate in) {
        PatientEntity patient = access.require(patientId, AuditAction.CREATE, OBSERVATION);
        ObservationEntity e = new ObservationEntity();
        e.id = UUID.randomUUID();
        e.patientId = patientId;
        e.recordedBy = caller.username();
        SecretKey key = patients.key(patient);
        mapper.seal(in, e, key);
        e.persist();
        audit.record(AuditAction.CREATE, OBSERVATION, patientId, AuditOutcome.SUCCESS);
        e.flush();
        return mapper.open(e, key);
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public List<ObservationView> observations(UUID patientId) {
        PatientEntity patient = access.require(patientId, AuditAction.READ, OBSERVATION);
        audit.record(AuditAction.READ, OBSERVATION, patientId, AuditOutcome.SUCCESS);
        return observationsOf(patient, patients.key(patient));
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public NoteView addNote(UUID patientId, NoteCreate in) {
        PatientEntity patient = access.require(patientId, AuditAction.CREATE, NOTE);
        NoteEntity e = new NoteEntity();
        e.id = UUID.randomUUID();
        e.patientId = patientId;
        e.recordedBy = caller.username();
        SecretKey key = patients.key(patient);
        mapper.seal(in, e, key);
        e.persist();
        audit.record(AuditAction.CREATE, NOTE, patientId, AuditOutcome.SUCCESS);
        e.flush();
        return mapper.open(e, key);
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public List<NoteView> notes(UUID patientId) {
        PatientEntity patient = access.require(patientId, AuditAction.READ, NOTE);
        audit.record(AuditAction.READ, NOTE, patientId, AuditOutcome.SUCCESS);
        return notesOf(patient, patients.key(patient));
    }

    /** A patient's observations, oldest first, decrypted; the caller has already audited the access. */
    List<ObservationView> observationsOf(PatientEntity patient, SecretKey key) {
        return ObservationEntity.<ObservationEntity> list("patientId = ?1 order by createdAt, id", patient.id).stream()
                .map(o -> mapper.open(o, key)).toList();
    }

    /** A patient's notes, oldest first, decrypted; the caller has already audited the access. */
    List<NoteView> notesOf(PatientEntity patient, SecretKey key) {
        return NoteEntity.<NoteEntity> list("patientId = ?1 order by createdAt, id", patient.id).stream()
                .map(n -> mapper.open(n, key)).toList();
    }
}
