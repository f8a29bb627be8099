package health.ward.patient.service;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.config.WardConfig;
import health.ward.patient.repository.ErasureRequestEntity;
import health.ward.patient.repository.PatientEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * WARD-GDPR-004 (GDPR Art. 5(1)(e), POPIA s14): nothing is kept longer than its retention period.
 * Observations and notes past theirs are deleted; a patient with no activity (record change,
 * observation or note) within the patient retention period is crypto-shredded like an approved
 * erasure. A record under legal hold is left alone. Every deletion is audited with this job as actor.
 * Each subject is handled in its own transaction, so one failure (Vault down) defers only that one.
 *
 * <p>Deleted observations and notes stay readable in backups taken before, until those backups
 * expire, because their subject's key lives on; only a whole-subject erasure is crypto-shredding.
 */
@ApplicationScoped
public class RetentionJob {

    static final String JOB = "retention-job";
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final int BATCH = 200;

    public record Result(int patientsErased, int observationsDeleted, int notesDeleted, int deferred) {
    }

    private final SubjectEraser eraser;
    private final AuditLog audit;
    private final WardConfig.SubjectRights config;
    private final Clock clock;

    RetentionJob(SubjectEraser eraser, AuditLog audit, WardConfig config) {
        this.eraser = eraser;
        this.audit = audit;
        this.config = config.subjectRights();
        this.clock = Clock.systemUTC();
    }

    @Scheduled(every = "${ward.subject-rights.retention-every:1h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Result result = runAt(clock.instant());
        if (result.patientsErased() + result.observationsDeleted() + result.notesDeleted() + result.deferred() > 0) {
            LOG.infof("retention: %s", result);
        }
    }

    /** One pass as of {@code now}. The clock is a parameter so tests can move time forward. */
    public Result runAt(Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        LocalDate today = at.toLocalDate();
        int observations = deleteExpired("ward.observation", ClinicalService.OBSERVATION, at.minus(config.observationRetention()), today);
        int notes = deleteExpired("ward.note", ClinicalService.NOTE, at.minus(config.noteRetention()), today);
        int erased = 0;
        int deferred = 0;
        for (UUID id : expiredPatients(at.minus(config.patientRetention()), today)) {
            try {
                QuarkusTransaction.requiringNew().run(() -> erase(id, config.patientRetention(), today));
                erased++;
            } catch (RuntimeException e) {
                deferred++;
                LOG.warnf("retention erasure of patient %s deferred: %s", id, e.getClass().getSimpleName());
            }
        }
        return new Result(erased, observations, notes, deferred);
    }

    private static final String NOT_HELD = "NOT (p.legal_hold IS NOT NULL AND (p.legal_hold_until IS NULL OR p.legal_hold_until >= ?2))";

    @SuppressWarnings("unchecked")
    private List<UUID> expiredPatients(OffsetDateTime cutoff, LocalDate today) {
        return QuarkusTransaction.requiringNew().call(() -> PatientEntity.getEntityManager().createNativeQuery(
                "SELECT p.id FROM ward.patient p WHERE p.updated_at < ?1 AND " + NOT_HELD
                        + " AND NOT EXISTS (SELECT 1 FROM ward.observation o WHERE o.patient_id = p.id AND o.created_at >= ?1)"
                        + " AND NOT EXISTS (SELECT 1 FROM ward.note n WHERE n.patient_id = p.id AND n.created_at >= ?1)"
                        + " ORDER BY p.updated_at LIMIT " + BATCH, UUID.class)
                .setParameter(1, cutoff).setParameter(2, today).getResultList());
    }

    private void erase(UUID id, Period retention, LocalDate today) {
        PatientEntity patient = PatientEntity.findById(id);
        if (patient == null || patient.heldOn(today)) {
            return; // erased or put on hold since the query
        }
        audit.recordSystem(JOB, AuditAction.DELETE, PatientService.RESOURCE_TYPE, id, AuditOutcome.SUCCESS,
                "{\"basis\":\"retention\",\"period\":\"" + retention + "\"}");
        SubjectEraser.Receipt receipt = eraser.erase(patient, null, "retention " + retention);
        // An undecided erasure request of this subject is settled by the same erasure.
        ErasureRequestEntity.<ErasureRequestEntity> list("patientId = ?1 and state = ?2", id, ErasureRequestEntity.State.PENDING)
                .forEach(r -> {
                    r.state = ErasureRequestEntity.State.ERASED;
                    r.decidedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    r.decidedBy = JOB;
                    r.receipt = receipt.text();
                    r.receiptSignature = receipt.signature();
                });
    }

    /** Deletes one record type's rows past retention, per patient, each patient's deletion audited. */
    @SuppressWarnings("unchecked")
    private int deleteExpired(String table, String resourceType, OffsetDateTime cutoff, LocalDate today) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = PatientEntity.getEntityManager();
            List<Object[]> perPatient = em.createNativeQuery("SELECT r.patient_id, count(*) FROM " + table
                    + " r JOIN ward.patient p ON p.id = r.patient_id WHERE r.created_at < ?1 AND " + NOT_HELD
                    + " GROUP BY r.patient_id").setParameter(1, cutoff).setParameter(2, today).getResultList();
            int deleted = 0;
            for (Object[] row : perPatient) {
                UUID patientId = (UUID) row[0];
                audit.recordSystem(JOB, AuditAction.DELETE, resourceType, patientId, AuditOutcome.SUCCESS,
                        "{\"basis\":\"retention\",\"count\":" + row[1] + "}");
                deleted += em.createNativeQuery("DELETE FROM " + table + " WHERE patient_id = ?1 AND created_at < ?2")
                        .setParameter(1, patientId).setParameter(2, cutoff).executeUpdate();
            }
            return deleted;
        });
    }
}
