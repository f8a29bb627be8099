package health.ward.patient.service;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.FieldCipher;
import health.ward.patient.crypto.FieldContext;
import health.ward.patient.crypto.SubjectKeys;
import health.ward.patient.metrics.WardMetrics;
import health.ward.patient.repository.BreakGlassGrantEntity;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.InvalidRequestException;
import health.ward.patient.security.AccessContext;
import health.ward.patient.security.Caller;

/**
 * Emergency access across organizations (WARD-IAM-004). A clinician who sends
 * {@code X-Purpose-Of-Use: ETREAT} with a {@code X-Break-Glass-Reason} sentence is granted read access
 * to that one patient for a bounded time. Every grant raises an alert (a structured log event with
 * ids only, and a metric); every read under it is audited with purpose ETREAT.
 */
@ApplicationScoped
public class BreakGlass {

    /** The log category alerting pipelines match on. */
    static final Logger ALERT = Logger.getLogger("ward.alert.break-glass");

    private final Caller caller;
    private final AccessContext context;
    private final SubjectKeys keys;
    private final FieldCipher cipher;
    private final WardMetrics metrics;
    private final WardConfig.BreakGlass config;
    private final RecordIntegrity integrity;

    BreakGlass(Caller caller, AccessContext context, SubjectKeys keys, FieldCipher cipher, WardMetrics metrics,
            WardConfig config, RecordIntegrity integrity) {
        this.integrity = integrity;
        this.caller = caller;
        this.context = context;
        this.keys = keys;
        this.cipher = cipher;
        this.metrics = metrics;
        this.config = config.breakGlass();
    }

    /**
     * True if the caller may read {@code patient} of another organization: under a live grant, or by
     * opening one now. Must run inside the access transaction.
     */
    public boolean permits(PatientEntity patient) {
        String subject = caller.subject();
        if (subject == null) {
            return false;
        }
        java.util.List<BreakGlassGrantEntity> live = BreakGlassGrantEntity.active(subject, patient.id);
        if (!live.isEmpty()) {
            live.forEach(integrity::check); // a grant Ward did not write (or one extended in SQL) grants nothing
            context.underBreakGlass();
            return true;
        }
        if (!context.breakGlassRequested()) {
            return false;
        }
        String reason = context.breakGlassReason().orElseThrow(() -> new InvalidRequestException(
                "Break-glass needs a reason: X-Break-Glass-Reason with 20 to 500 characters of text."));
        BreakGlassGrantEntity grant = new BreakGlassGrantEntity();
        grant.id = UUID.randomUUID();
        grant.actorSubject = subject;
        grant.actorUsername = caller.username();
        grant.patientId = patient.id;
        grant.expiresAt = health.ward.patient.audit.AuditCanonicalForm.databasePrecision(OffsetDateTime.now().plus(config.ttl()));
        grant.reasonCt = cipher.seal(keys.unwrap(patient.subjectKey.id, patient.subjectKey.kekName, patient.subjectKey.wrappedKey), reason,
                new FieldContext(BreakGlassGrantEntity.TABLE, "reason_ct", grant.id));
        integrity.seal(grant);
        grant.persist();
        metrics.breakGlass();
        ALERT.warnf("break-glass grant=%s actor=%s patient=%s expires=%s request=%s", grant.id, grant.actorUsername,
                patient.id, grant.expiresAt, context.requestId());
        return true;
    }
}
