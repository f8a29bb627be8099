package health.ward.patient.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.crypto.BlindIndex;
import health.ward.patient.crypto.FieldCipher;
import health.ward.patient.crypto.FieldContext;
import health.ward.patient.crypto.SubjectErasedException;
import health.ward.patient.repository.ErasureRequestEntity;
import health.ward.patient.repository.ErasureRequestEntity.State;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.ErasureDecision;
import health.ward.patient.rest.ErasureRequestView;
import health.ward.patient.rest.LegalHoldRequest;
import health.ward.patient.rest.LegalHoldView;
import health.ward.patient.security.Caller;
import io.quarkus.panache.common.Sort;

/**
 * GDPR Art. 17 and 18 (WARD-GDPR-002, WARD-GDPR-003, legal hold WARD-GDPR-004): a subject asks for erasure, the DPO approves (crypto-shredding),
 * rejects, or restricts processing instead; a legal hold blocks approval. Every step is audited in
 * its own transaction. Decisions lock the request row, so concurrent decisions leave exactly one
 * outcome: the first commits, the others find it decided and get 409.
 */
@ApplicationScoped
public class ErasureService {

    public static final String REQUEST = "ErasureRequest";
    public static final String LEGAL_HOLD = "LegalHold";
    static final String PROBLEMS = "https://ward.health/problems/";

    private final SubjectService subjects;
    private final PatientService patients;
    private final SubjectEraser eraser;
    private final BlindIndex blindIndex;
    private final FieldCipher cipher;
    private final AuditLog audit;
    private final Caller caller;

    ErasureService(SubjectService subjects, PatientService patients, SubjectEraser eraser, BlindIndex blindIndex,
            FieldCipher cipher, AuditLog audit, Caller caller) {
        this.subjects = subjects;
        this.patients = patients;
        this.eraser = eraser;
        this.blindIndex = blindIndex;
        this.cipher = cipher;
        this.audit = audit;
        this.caller = caller;
    }

    /** The subject asks; at most one open request per subject. */
    @Transactional(dontRollbackOn = { SubjectNotLinkedException.class, SubjectRightsConflictException.class })
    public ErasureRequestView request() {
        PatientEntity me = subjects.mine(AuditAction.CREATE, REQUEST);
        if (ErasureRequestEntity.count("patientId = ?1 and state = ?2", me.id, State.PENDING) > 0) {
            audit.record(AuditAction.CREATE, REQUEST, me.id, AuditOutcome.INVALID);
            throw new SubjectRightsConflictException(PROBLEMS + "erasure-pending",
                    "An erasure request for this record is already pending a decision.");
        }
        ErasureRequestEntity request = new ErasureRequestEntity();
        request.id = UUID.randomUUID();
        request.patientId = me.id;
        request.requesterAccountBidx = me.accountBidx;
        request.state = State.PENDING;
        request.requestedAt = now();
        request.persist();
        return view(request, me);
    }

    /** The subject follows their own request — found by id and account, so never another's. */
    @Transactional(dontRollbackOn = ErasureRequestNotFoundException.class)
    public ErasureRequestView mine(UUID id) {
        String account = caller.account().orElse(null);
        ErasureRequestEntity request = account == null ? null
                : ErasureRequestEntity.<ErasureRequestEntity> find("id = ?1 and requesterAccountBidx in ?2", id,
                        blindIndex.accountMatches(account)).firstResult();
        if (request == null) {
            audit.record(AuditAction.READ, REQUEST, null, AuditOutcome.NOT_FOUND);
            throw new ErasureRequestNotFoundException();
        }
        audit.record(AuditAction.READ, REQUEST, request.patientId, AuditOutcome.SUCCESS);
        return view(request, PatientEntity.findById(request.patientId));
    }

    /** The DPO's work list, oldest first; one audit event per request shown. */
    @Transactional
    public List<ErasureRequestView> list(State state) {
        List<ErasureRequestEntity> found = state == null
                ? ErasureRequestEntity.listAll(Sort.by("requestedAt"))
                : ErasureRequestEntity.list("state", Sort.by("requestedAt"), state);
        if (found.isEmpty()) {
            audit.record(AuditAction.SEARCH, REQUEST, null, AuditOutcome.SUCCESS);
        }
        found.forEach(r -> audit.record(AuditAction.SEARCH, REQUEST, r.patientId, AuditOutcome.SUCCESS));
        return found.stream().map(r -> view(r, PatientEntity.findById(r.patientId))).toList();
    }

    @Transactional(dontRollbackOn = { ErasureRequestNotFoundException.class, SubjectRightsConflictException.class })
    public ErasureRequestView decide(UUID id, ErasureDecision decision) {
        ErasureRequestEntity request = ErasureRequestEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (request == null) {
            audit.record(AuditAction.UPDATE, REQUEST, null, AuditOutcome.NOT_FOUND);
            throw new ErasureRequestNotFoundException();
        }
        if (request.state != State.PENDING) {
            audit.record(AuditAction.UPDATE, REQUEST, request.patientId, AuditOutcome.INVALID);
            throw new SubjectRightsConflictException(PROBLEMS + "erasure-decided",
                    "This erasure request was already decided: " + request.state + ".");
        }
        PatientEntity patient = PatientEntity.findById(request.patientId);
        if (patient == null) { // erased meanwhile, e.g. by the retention job
            audit.record(AuditAction.UPDATE, REQUEST, request.patientId, AuditOutcome.INVALID);
            throw new SubjectRightsConflictException(PROBLEMS + "record-gone", "The record of this request no longer exists.");
        }
        if ("APPROVE".equals(decision.decision()) && patient.heldOn(LocalDate.now(ZoneOffset.UTC))) {
            audit.record(AuditAction.DELETE, PatientService.RESOURCE_TYPE, patient.id, AuditOutcome.DENIED);
            throw new SubjectRightsConflictException(PROBLEMS + "legal-hold",
                    "Erasure is blocked by a legal hold: " + patient.legalHold
                            + (patient.legalHoldUntil == null ? "" : " (until " + patient.legalHoldUntil + ")") + ".");
        }
        request.state = switch (decision.decision()) {
            case "APPROVE" -> State.ERASED;
            case "RESTRICT" -> State.RESTRICTED;
            default -> State.REJECTED;
        };
        request.decidedAt = now();
        request.decidedBy = caller.username();
        request.decisionReasonCt = cipher.seal(patients.key(patient), decision.reason(), reasonField(request));
        audit.record(AuditAction.UPDATE, REQUEST, patient.id, AuditOutcome.SUCCESS);
        if (request.state == State.ERASED) {
            audit.record(AuditAction.DELETE, PatientService.RESOURCE_TYPE, patient.id, AuditOutcome.SUCCESS);
            SubjectEraser.Receipt receipt = eraser.erase(patient, request.id, "GDPR Art. 17 request");
            request.receipt = receipt.text();
            request.receiptSignature = receipt.signature();
            return view(request, null);
        }
        if (request.state == State.RESTRICTED) {
            patients.restrict(patient);
        }
        return view(request, patient);
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public LegalHoldView placeHold(UUID patientId, LegalHoldRequest hold) {
        PatientEntity patient = held(patientId, AuditAction.UPDATE);
        patient.legalHold = hold.obligation().strip();
        patient.legalHoldUntil = hold.until();
        patient.legalHoldSetAt = now();
        return new LegalHoldView(patient.id, patient.legalHold, patient.legalHoldUntil, patient.legalHoldSetAt);
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public void liftHold(UUID patientId) {
        PatientEntity patient = held(patientId, AuditAction.DELETE);
        patient.legalHold = null;
        patient.legalHoldUntil = null;
        patient.legalHoldSetAt = null;
    }

    private PatientEntity held(UUID patientId, AuditAction action) {
        PatientEntity patient = PatientEntity.findById(patientId);
        if (patient == null) {
            audit.record(action, LEGAL_HOLD, patientId, AuditOutcome.NOT_FOUND);
            throw new PatientNotFoundException(patientId);
        }
        audit.record(action, LEGAL_HOLD, patientId, AuditOutcome.SUCCESS);
        return patient;
    }

    private ErasureRequestView view(ErasureRequestEntity r, PatientEntity patient) {
        return new ErasureRequestView(r.id, r.patientId, r.state.name(), r.requestedAt, r.decidedAt, r.decidedBy,
                reason(r, patient), r.receipt, r.receiptSignature);
    }

    /** The decision reason, while the subject's key exists; erased subjects' reasons are gone. */
    private String reason(ErasureRequestEntity r, PatientEntity patient) {
        if (r.decisionReasonCt == null || patient == null) {
            return null;
        }
        try {
            return cipher.open(patients.key(patient), r.decisionReasonCt, reasonField(r));
        } catch (SubjectErasedException e) {
            return null;
        }
    }

    private static FieldContext reasonField(ErasureRequestEntity r) {
        return new FieldContext("erasure_request", "decision_reason_ct", r.id);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
