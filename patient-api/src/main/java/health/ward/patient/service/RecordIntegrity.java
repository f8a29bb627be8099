package health.ward.patient.service;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.audit.AuditCanonicalForm;
import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.WrappedKeys;
import health.ward.patient.repository.BreakGlassGrantEntity;
import health.ward.patient.repository.PatientEntity;

/**
 * Authorization data bound to its record (WARD-IAM-001, WARD-IAM-004). The columns that decide who may
 * read a record are not PHI and stay in clear for queries, but each row carries an HMAC-SHA256 over
 * them under a Vault-wrapped key ({@link WrappedKeys}, id {@code ward.crypto.record-mac-key-id}): a
 * patient's id, subject key, organization, restriction and record version; a break-glass grant's id,
 * actor, patient, expiry and reason ciphertext. Whoever writes to the database without Ward's key can
 * change those columns, but the change is caught before it grants anything. One HMAC per check, with
 * a key held in memory: no Vault call on the request path.
 */
@ApplicationScoped
public class RecordIntegrity {

    static final String PATIENT = "ward-patient-authz-v1";
    static final String GRANT = "ward-break-glass-grant-v1";

    private final WrappedKeys keys;
    private final String currentId;

    RecordIntegrity(WrappedKeys keys, WardConfig config) {
        this.keys = keys;
        this.currentId = config.crypto().recordMacKeyId();
    }

    /** (Re)computes the MAC of a patient row's authorization data, after Ward itself changed it. */
    public void seal(PatientEntity patient) {
        patient.authzKeyId = currentId;
        patient.authzMac = mac(keys.current(currentId), encode(patient));
    }

    /** Throws {@link RecordIntegrityException} unless the patient row's authorization data is as Ward wrote it. */
    public void check(PatientEntity patient) {
        if (!valid(patient.authzKeyId, patient.authzMac, encode(patient))) {
            throw new RecordIntegrityException("patient-authz", patient.id, patient.id);
        }
    }

    public void seal(BreakGlassGrantEntity grant) {
        grant.macKeyId = currentId;
        grant.mac = mac(keys.current(currentId), encode(grant));
    }

    public void check(BreakGlassGrantEntity grant) {
        if (!valid(grant.macKeyId, grant.mac, encode(grant))) {
            throw new RecordIntegrityException("break-glass-grant", grant.patientId, grant.id);
        }
    }

    private boolean valid(String keyId, byte[] stored, byte[] message) {
        if (keyId == null || stored == null) {
            return false; // never MACed by Ward: written straight into the database
        }
        SecretKeySpec key = keyId.equals(currentId) ? keys.current(keyId) : keys.existing(keyId);
        return key != null && MessageDigest.isEqual(mac(key, message), stored);
    }

    private static byte[] encode(PatientEntity p) {
        return AuditCanonicalForm.framed(PATIENT, str(p.id), p.subjectKey == null ? null : str(p.subjectKey.id),
                p.organization, Boolean.toString(p.restricted), Long.toString(p.recordVersion));
    }

    private static byte[] encode(BreakGlassGrantEntity g) {
        return AuditCanonicalForm.framed(GRANT, str(g.id), g.actorSubject, g.actorUsername, str(g.patientId),
                g.expiresAt == null ? null
                        : Long.toString(ChronoUnit.MICROS.between(java.time.Instant.EPOCH, g.expiresAt.toInstant())),
                g.reasonCt == null ? null : java.util.HexFormat.of().formatHex(g.reasonCt));
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
