package health.ward.patient.crypto;

import java.util.UUID;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import health.ward.patient.config.WardConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.vault.VaultTransitSecretEngine;

/**
 * BENCHMARK BUILD ONLY (build profile {@code bench-plain}): no key work at all — no Transit data
 * key, no share, one constant key — so the "crypto off" baseline pays nothing for keys either.
 */
@IfBuildProfile("bench-plain")
@Alternative
@Priority(1)
@Singleton // not normal-scoped: the superclass has no no-args constructor for a client proxy
public class BenchFixedSubjectKeys extends SubjectKeys {

    private static final SecretKey NONE = new SecretKeySpec(new byte[32], "AES");

    BenchFixedSubjectKeys(VaultTransitSecretEngine transit, SubjectKeyShares shares, WardConfig config) {
        super(transit, shares, config);
    }

    @Override
    public NewKey generate(UUID subjectKeyId) {
        return new NewKey("none", "bench-plain:no-key", NONE);
    }

    @Override
    public SecretKey unwrap(UUID subjectKeyId, String kekName, String wrapped) {
        return NONE;
    }
}
