package health.ward.patient.audit;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.KeyServiceUnavailableException;
import io.quarkus.vault.VaultTransitSecretEngine;
import io.quarkus.vault.transit.VaultTransitDataKeyRequestDetail;
import io.quarkus.vault.transit.VaultTransitDataKeyType;

/**
 * The key that MACs every audit event (WARD-AUD-002). Generated once by Transit and stored only
 * wrapped in {@code ward.audit_key}; each process unwraps it on first use and keeps it in memory. A
 * database superuser therefore cannot compute a valid MAC for a changed or forged row.
 */
@ApplicationScoped
public class AuditMacKey {

    static final String KEY_ID = "audit-mac-v1";

    private final VaultTransitSecretEngine transit;
    private final EntityManager em;
    private final String kekName;
    private volatile SecretKeySpec key;

    AuditMacKey(VaultTransitSecretEngine transit, EntityManager em, WardConfig config) {
        this.transit = transit;
        this.em = em;
        this.kekName = config.audit().kekName();
    }

    public byte[] mac(byte[] message) {
        return newMac().doFinal(message);
    }

    /** An HMAC-SHA256 instance keyed with the trail's key, for one thread's many MACs (the verifier's). */
    Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = load();
                }
                current = key;
            }
        }
        return current;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    SecretKeySpec load() {
        try {
            String wrapped = storedWrappedKey();
            if (wrapped == null) {
                String candidate = transit.generateDataKey(VaultTransitDataKeyType.wrapped, kekName,
                        new VaultTransitDataKeyRequestDetail().setBits(256)).getCiphertext();
                // Several replicas may race here: the first insert wins, everyone uses the stored key.
                em.createNativeQuery("INSERT INTO ward.audit_key (id, kek_name, wrapped_key) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (id) DO NOTHING")
                        .setParameter(1, KEY_ID).setParameter(2, kekName).setParameter(3, candidate)
                        .executeUpdate();
                wrapped = storedWrappedKey();
            }
            return new SecretKeySpec(transit.decrypt(kekName, wrapped).getValue(), "HmacSHA256");
        } catch (RuntimeException e) {
            if (e instanceof jakarta.persistence.PersistenceException) {
                throw e;
            }
            throw new KeyServiceUnavailableException("audit key unwrap", e);
        }
    }

    private String storedWrappedKey() {
        var rows = em.createNativeQuery("SELECT wrapped_key FROM ward.audit_key WHERE id = ?1")
                .setParameter(1, KEY_ID).getResultList();
        return rows.isEmpty() ? null : (String) rows.get(0);
    }
}
