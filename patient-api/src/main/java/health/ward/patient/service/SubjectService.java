package health.ward.patient.service;

import java.util.Arrays;
import java.util.List;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditEventEntity;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.crypto.BlindIndex;
import health.ward.patient.fhir.FhirExport;
import health.ward.patient.mapping.PatientMapper;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.AccessLogEntry;
import health.ward.patient.rest.NoteView;
import health.ward.patient.rest.ObservationView;
import health.ward.patient.rest.PatientView;
import health.ward.patient.security.AccessContext;
import health.ward.patient.security.Caller;
import io.quarkus.panache.common.Sort;

/**
 * The data subject's own view (GDPR Art. 15, HIPAA §164.524/§164.528): the record linked to the
 * caller's account through the account blind index — never looked up by an id the caller supplies,
 * so no request can reach another subject's data. Every access is audited like a clinician's.
 */
@ApplicationScoped
public class SubjectService {

    public static final String ACCESS_LOG = "AuditEvent";
    public static final String EXPORT = "Bundle";

    private final Caller caller;
    private final BlindIndex blindIndex;
    private final PatientService patients;
    private final PatientMapper patientMapper;
    private final ClinicalService clinical;
    private final AuditLog audit;
    private final FhirExport fhir;
    private final RecordIntegrity integrity;

    SubjectService(Caller caller, BlindIndex blindIndex, PatientService patients, PatientMapper patientMapper,
            ClinicalService clinical, AuditLog audit, FhirExport fhir, RecordIntegrity integrity) {
        this.integrity = integrity;
        this.fhir = fhir;
        this.caller = caller;
        this.blindIndex = blindIndex;
        this.patients = patients;
        this.patientMapper = patientMapper;
        this.clinical = clinical;
        this.audit = audit;
    }

    @Transactional(dontRollbackOn = SubjectNotLinkedException.class)
    public PatientView me() {
        PatientEntity me = mine(AuditAction.READ, PatientService.RESOURCE_TYPE);
        return patientMapper.open(me, patients.key(me));
    }

    @Transactional(dontRollbackOn = SubjectNotLinkedException.class)
    public List<ObservationView> myObservations() {
        PatientEntity me = mine(AuditAction.READ, ClinicalService.OBSERVATION);
        return clinical.observationsOf(me, patients.key(me));
    }

    @Transactional(dontRollbackOn = SubjectNotLinkedException.class)
    public List<NoteView> myNotes() {
        PatientEntity me = mine(AuditAction.READ, ClinicalService.NOTE);
        return clinical.notesOf(me, patients.key(me));
    }

    /** Who accessed my record: every audit event about it, including this very request. */
    @Transactional(dontRollbackOn = SubjectNotLinkedException.class)
    public List<AccessLogEntry> myAccessLog() {
        return accessLog(mine(AuditAction.READ, ACCESS_LOG).id);
    }

    /** GDPR Art. 15/20: everything about me as a FHIR R4 Bundle, the export itself audited first. */
    @Transactional(dontRollbackOn = SubjectNotLinkedException.class)
    public String myExport() {
        return export(mine(AuditAction.EXPORT, EXPORT));
    }

    /** The DPO exports on a subject's behalf; audited like the subject's own export. */
    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public String exportFor(java.util.UUID patientId) {
        PatientEntity patient = PatientEntity.findById(patientId);
        if (patient == null) {
            audit.record(AuditAction.EXPORT, EXPORT, patientId, AuditOutcome.NOT_FOUND);
            throw new PatientNotFoundException(patientId);
        }
        integrity.check(patient);
        audit.record(AuditAction.EXPORT, EXPORT, patientId, AuditOutcome.SUCCESS);
        return export(patient);
    }

    private String export(PatientEntity patient) {
        SecretKey key = patients.key(patient);
        return fhir.toJson(patientMapper.open(patient, key), clinical.observationsOf(patient, key), clinical.notesOf(patient, key),
                accessLog(patient.id));
    }


    private List<AccessLogEntry> accessLog(java.util.UUID patientId) {
        return AuditEventEntity.<AuditEventEntity> list("patientId", Sort.by("sequence"), patientId).stream()
                .map(e -> new AccessLogEntry(e.occurredAt, e.actorUsername,
                        e.actorRoles == null ? List.of() : Arrays.asList(e.actorRoles), e.actorOrganization,
                        e.action.name(), e.resourceType, e.purposeOfUse,
                        AccessContext.EMERGENCY.equals(e.purposeOfUse), e.outcome.name()))
                .toList();
    }

    /** The caller's own record, found through their account; audited either way. */
    PatientEntity mine(AuditAction action, String resourceType) {
        String account = caller.account().orElse(null);
        PatientEntity me = account == null ? null
                : PatientEntity.<PatientEntity> find("accountBidx in ?1", blindIndex.accountMatches(account)).firstResult();
        if (me == null) {
            audit.record(action, resourceType, null, AuditOutcome.NOT_FOUND);
            throw new SubjectNotLinkedException();
        }
        // The blind index only finds the row; the link itself is the account name sealed in the row, bound
        // to it and to its version. A copied index (or an older account ciphertext) links nothing.
        integrity.check(me);
        if (!BlindIndex.sameAccount(patientMapper.accountUsername(me, patients.key(me)), account)) {
            throw new RecordIntegrityException("account-link", me.id, me.id);
        }
        audit.record(action, resourceType, me.id, AuditOutcome.SUCCESS);
        return me;
    }
}
