package health.ward.patient.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.BlindIndex;
import health.ward.patient.mapping.PatientMapper;
import health.ward.patient.repository.ErasureRequestEntity;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.PatientView;
import io.quarkus.scheduler.Scheduled;

/**
 * After an operator rotates the blind-index key in Transit and pins the new version (keeping the
 * old one as {@code ward.crypto.blind-index-previous-version} meanwhile), recomputes the blind
 * indexes of every record still on another version. That needs the plaintext, so each record is
 * decrypted in patient-api's memory — never written anywhere — and each re-index is audited with
 * this job as actor. Open erasure requests follow their subject's new account index.
 */
@ApplicationScoped
public class BlindIndexReindexJob {

    static final String JOB = "blind-index-reindex";
    static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(BlindIndexReindexJob.class);

    private final BlindIndex blindIndex;
    private final PatientService patients;
    private final PatientMapper mapper;
    private final AuditLog audit;
    private final boolean rotationInProgress;

    BlindIndexReindexJob(BlindIndex blindIndex, PatientService patients, PatientMapper mapper, AuditLog audit,
            WardConfig config) {
        this.blindIndex = blindIndex;
        this.patients = patients;
        this.mapper = mapper;
        this.audit = audit;
        this.rotationInProgress = config.crypto().blindIndexPreviousVersion().isPresent();
    }

    /** Runs only while a rotation is declared (a previous version is set): otherwise it would scan for nothing. */
    @Scheduled(every = "${ward.crypto.reindex-every:1h}", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!rotationInProgress) {
            return;
        }
        try {
            int done;
            do {
                done = reindexBatch();
            } while (done == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("blind-index re-index deferred: %s", e.getClass().getSimpleName());
        }
    }

    /** Re-indexes up to {@link #BATCH} records not on the pinned version; returns how many. */
    @Transactional
    public int reindexBatch() {
        String current = blindIndex.currentPrefix();
        List<PatientEntity> stale = PatientEntity.<PatientEntity> find(
                "identifierBidx not like ?1 or familyBirthBidx not like ?1 or (accountBidx is not null and accountBidx not like ?1)",
                current + "%").page(0, BATCH).list();
        for (PatientEntity patient : stale) {
            PatientView plain = mapper.open(patient, patients.key(patient));
            patients.index(patient, plain.identifier(), plain.name().family(), plain.birthDate(), plain.accountUsername());
            if (patient.accountBidx != null) {
                ErasureRequestEntity.update("requesterAccountBidx = ?1 where patientId = ?2", patient.accountBidx, patient.id);
            }
            audit.recordSystem(JOB, AuditAction.UPDATE, PatientService.RESOURCE_TYPE, patient.id, AuditOutcome.SUCCESS,
                    "{\"reindex\":\"" + current + "\"}");
        }
        if (!stale.isEmpty()) {
            LOG.infof("re-indexed %d records to blind-index %s", stale.size(), current);
        }
        return stale.size();
    }
}
