package health.ward.patient.service;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.crypto.BlindIndex;
import health.ward.patient.crypto.ChangeDigests;
import health.ward.patient.crypto.SubjectKeys;
import health.ward.patient.mapping.PatientMapper;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.repository.SubjectKeyEntity;
import health.ward.patient.rest.PatientCreate;
import health.ward.patient.rest.PatientView;
import health.ward.patient.security.Caller;

/**
 * Patient records for clinicians. Each method is one transaction holding both the data access and
 * its audit event; the audit row is written before anything is decrypted. Denials and misses are
 * business outcomes, not failures: their audit rows commit ({@code dontRollbackOn}) and the
 * exception then becomes the answer.
 */
@ApplicationScoped
public class PatientService {

    public static final String RESOURCE_TYPE = "Patient";

    private final SubjectKeys keys;
    private final BlindIndex blindIndex;
    private final PatientMapper mapper;
    private final PatientAccess access;
    private final AuditLog audit;
    private final Caller caller;
    private final RecordIntegrity integrity;

    PatientService(SubjectKeys keys, BlindIndex blindIndex, PatientMapper mapper, PatientAccess access, AuditLog audit,
            Caller caller, RecordIntegrity integrity) {
        this.integrity = integrity;
        this.keys = keys;
        this.blindIndex = blindIndex;
        this.mapper = mapper;
        this.access = access;
        this.audit = audit;
        this.caller = caller;
    }

    @Transactional
    public PatientView create(PatientCreate in) {
        String organization = caller.organization()
                .orElseThrow(() -> new AccessDeniedException("clinician token carries no organization"));
        SubjectKeyEntity subjectKey = new SubjectKeyEntity();
        subjectKey.id = UUID.randomUUID();
        SubjectKeys.NewKey key = keys.generate(subjectKey.id);
        subjectKey.kekName = key.kekName();
        subjectKey.wrappedKey = key.wrapped();
        subjectKey.persist();

        PatientEntity patient = new PatientEntity();
        patient.id = UUID.randomUUID();
        patient.subjectKey = subjectKey;
        patient.organization = organization;
        patient.recordVersion = 1;
        write(in, patient, key.key());
        patient.persist();

        audit.record(AuditAction.CREATE, RESOURCE_TYPE, patient.id, AuditOutcome.SUCCESS);
        return mapper.open(patient, key.key());
    }

    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public PatientView read(UUID id) {
        PatientEntity patient = access.require(id, AuditAction.READ, RESOURCE_TYPE);
        audit.record(AuditAction.READ, RESOURCE_TYPE, id, AuditOutcome.SUCCESS);
        return mapper.open(patient, key(patient));
    }

    /** Rectification (GDPR Art. 16): the record is replaced, re-encrypted and re-indexed. */
    @Transactional(dontRollbackOn = AccessRefusedException.class)
    public PatientView rectify(UUID id, PatientCreate in) {
        PatientEntity patient = access.require(id, AuditAction.UPDATE, RESOURCE_TYPE);
        SecretKey key = key(patient);
        // Art. 16: the audit event carries keyed digests of what changed, never a value.
        audit.record(AuditAction.UPDATE, RESOURCE_TYPE, id, AuditOutcome.SUCCESS,
                ChangeDigests.describe(key, mapper.fields(mapper.open(patient, key)), mapper.fields(in)));
        patient.recordVersion++; // every field is sealed again, under the new version: older ciphertexts no longer open
        write(in, patient, key);
        patient.updatedAt = OffsetDateTime.now();
        return mapper.open(patient, key);
    }

    /**
     * Exact match on the identifier, or on family name plus birth date, within the caller's
     * organization; restricted records (Art. 18) are not found. One SEARCH event per patient returned (one without patient when none is).
     */
    @Transactional
    public List<PatientView> search(String identifier, String family, LocalDate birthDate) {
        String organization = caller.organization().orElse(null);
        List<PatientEntity> found = identifier != null
                ? PatientEntity.list("identifierBidx in ?1 and organization = ?2 and restricted = false",
                        blindIndex.identifierMatches(identifier), organization)
                : PatientEntity.list("familyBirthBidx in ?1 and organization = ?2 and restricted = false",
                        blindIndex.familyAndBirthDateMatches(family, birthDate), organization);
        if (found.isEmpty()) {
            audit.record(AuditAction.SEARCH, RESOURCE_TYPE, null, AuditOutcome.SUCCESS);
            return List.of();
        }
        found.forEach(p -> audit.record(AuditAction.SEARCH, RESOURCE_TYPE, p.id, AuditOutcome.SUCCESS));
        found.forEach(integrity::check); // the organization and restriction the query matched on are as Ward wrote them
        List<PatientView> views = new ArrayList<>();
        for (PatientEntity p : found) {
            views.add(mapper.open(p, key(p)));
        }
        return views;
    }

    SecretKey key(PatientEntity patient) {
        return keys.unwrap(patient.subjectKey.id, patient.subjectKey.kekName, patient.subjectKey.wrappedKey);
    }

    private void write(PatientCreate in, PatientEntity patient, SecretKey key) {
        mapper.seal(in, patient, key);
        index(patient, in.identifier(), in.name().family(), in.birthDate(), in.accountUsername());
        integrity.seal(patient);
    }

    /**
     * GDPR Art. 18: restricts the record. A change of authorization data is a new record version, so
     * the row as it was before (restriction, MAC and ciphertexts) can only come back all together.
     */
    public void restrict(PatientEntity patient) {
        if (patient.restricted) {
            return;
        }
        patient.restricted = true;
        mapper.nextVersion(patient, key(patient));
        integrity.seal(patient);
    }

    /** (Re)computes a record's blind indexes with the pinned key version. */
    void index(PatientEntity patient, String identifier, String family, LocalDate birthDate, String accountUsername) {
        patient.identifierBidx = blindIndex.identifier(identifier);
        patient.familyBirthBidx = blindIndex.familyAndBirthDate(family, birthDate);
        patient.accountBidx = blindIndex.account(accountUsername);
    }
}
