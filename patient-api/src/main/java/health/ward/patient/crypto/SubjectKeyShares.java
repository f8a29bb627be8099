package health.ward.patient.crypto;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.config.WardConfig;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;

/**
 * WARD-GDPR-002: each subject's key share, 32 random bytes kept in a Vault KV v2 mount — outside
 * PostgreSQL and therefore outside every database dump, backup and WAL archive. Without its share a
 * subject's wrapped data key, even unwrapped by Transit, opens nothing (see {@link SubjectKeys}).
 * Destroying the share (metadata delete: all versions, no undelete) is the crypto-shredding step of
 * an erasure.
 */
@ApplicationScoped
public class SubjectKeyShares {

    static final int SHARE_BYTES = 32;
    private static final String FIELD = "share";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VaultSecretsKV2 kv;

    SubjectKeyShares(VaultClient vault, WardConfig config) {
        this.kv = vault.secrets().kv2(config.crypto().shareMount());
    }

    /** Creates the share of a new subject key; fails rather than replace an existing one (cas=0). */
    public byte[] create(UUID subjectKeyId) {
        byte[] share = new byte[SHARE_BYTES];
        RANDOM.nextBytes(share);
        VaultCalls.await("share create", kv.updateSecret(subjectKeyId.toString(), new VaultSecretsKV2UpdateSecretOptions().setCas(0),
                Map.of(FIELD, Base64.getEncoder().encodeToString(share))));
        return share;
    }

    /** The share of {@code subjectKeyId}; {@link SubjectErasedException} when it was destroyed. */
    public byte[] read(UUID subjectKeyId) {
        try {
            Object value = VaultCalls.await("share read", kv.readSecret(subjectKeyId.toString())).getData().get(FIELD);
            byte[] share = value == null ? null : Base64.getDecoder().decode(value.toString());
            if (share == null || share.length != SHARE_BYTES) {
                throw new SubjectErasedException(subjectKeyId);
            }
            return share;
        } catch (KeyServiceUnavailableException e) {
            if (VaultCalls.answered(e, 404)) {
                throw new SubjectErasedException(subjectKeyId);
            }
            throw e;
        }
    }

    /** Destroys the share for good: every version and its metadata. Idempotent. */
    public void destroy(UUID subjectKeyId) {
        VaultCalls.await("share destroy", kv.deleteSecretMetadata(subjectKeyId.toString()));
    }
}
