package health.ward.patient.crypto;

import java.util.UUID;

/**
 * The subject's key share is gone from Vault: the subject was erased (crypto-shredded). Whatever
 * rows still reference the key — a restored backup, a stale replica — can never be decrypted again.
 */
public class SubjectErasedException extends RuntimeException {

    public SubjectErasedException(UUID subjectKeyId) {
        super("key material of subject key " + subjectKeyId + " was destroyed");
    }
}
