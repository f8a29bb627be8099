package health.ward.patient.crypto;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import health.ward.patient.config.WardConfig;
import health.ward.patient.repository.SubjectKeyEntity;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vault.VaultTransitSecretEngine;

/**
 * After an operator rotates the key-encryption key in Transit, rewraps every stored data key under
 * the newest version (Transit's {@code rewrap}: the data key never leaves Vault in clear). Once no
 * stored key uses an old version, the operator may raise {@code min_decryption_version}, retiring
 * the old key versions. Data written before and after the rotation stays readable throughout.
 */
@ApplicationScoped
public class KeyRewrapJob {

    private static final Logger LOG = Logger.getLogger(KeyRewrapJob.class);
    static final int BATCH = 500;

    private final VaultTransitSecretEngine transit;
    private final WardConfig.Crypto config;

    KeyRewrapJob(VaultTransitSecretEngine transit, WardConfig config) {
        this.transit = transit;
        this.config = config.crypto();
    }

    @Scheduled(every = "${ward.crypto.rewrap-every:1h}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int rewrapped;
            do {
                rewrapped = rewrapBatch();
            } while (rewrapped == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("data key rewrap deferred: %s", e.getClass().getSimpleName());
        }
    }

    /** Rewraps up to {@link #BATCH} data keys not on the newest KEK version; returns how many. */
    @Transactional
    public int rewrapBatch() {
        String kek = config.kekName();
        int latest = transit.readKey(kek)
                .orElseThrow(() -> new KeyServiceUnavailableException("rewrap", null))
                .getLatestVersion();
        String current = "vault:v" + latest + ":";
        List<SubjectKeyEntity> stale = SubjectKeyEntity.find("kekName = ?1 and wrappedKey not like ?2", kek, current + "%")
                .page(0, BATCH).list();
        for (SubjectKeyEntity key : stale) {
            // The cache is keyed by the wrapped form; the old entry simply ages out.
            key.wrappedKey = transit.rewrap(kek, key.wrappedKey);
        }
        if (!stale.isEmpty()) {
            LOG.infof("rewrapped %d data keys to %s version %d", stale.size(), kek, latest);
        }
        return stale.size();
    }
}
