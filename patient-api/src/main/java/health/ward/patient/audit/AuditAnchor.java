package health.ward.patient.audit;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.KeyServiceUnavailableException;
import health.ward.patient.crypto.VaultCalls;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;

/**
 * The newest audit checkpoint, remembered outside the database (WARD-AUD-002): one secret in a Vault
 * KV v2 mount, written by the sealer after each round commits (check-and-set, so it never moves
 * backwards). Whoever can only write to PostgreSQL cannot move it; so deleting the newest events
 * together with their seals and checkpoints, or the whole chain, no longer goes unnoticed: the
 * anchored checkpoint is missing, and the sealer refuses to extend a chain that lost it.
 */
@ApplicationScoped
public class AuditAnchor {

    /** A checkpoint named by position and digest; {@code version} is the KV version it was read at (0: none). */
    record Anchor(long position, long eventSequence, byte[] digest, int version) {
    }

    private final VaultSecretsKV2 kv;
    private final String path;

    AuditAnchor(VaultClient vault, WardConfig config) {
        this.kv = vault.secrets().kv2(config.audit().anchorMount());
        this.path = config.audit().anchorPath();
    }

    /** The anchored checkpoint, or empty if none was ever anchored. */
    Optional<Anchor> read() {
        try {
            var secret = VaultCalls.await("audit anchor read", kv.readSecret(path));
            Map<String, Object> data = secret.getData();
            return Optional.of(new Anchor(Long.parseLong(data.get("position").toString()),
                    Long.parseLong(data.get("event_sequence").toString()),
                    HexFormat.of().parseHex(data.get("digest").toString()), secret.getMetadata().getVersion()));
        } catch (KeyServiceUnavailableException e) {
            if (VaultCalls.answered(e, 404)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Moves the anchor to the checkpoint at {@code position}, if it is still at KV version
     * {@code readVersion}; false if another sealer moved it meanwhile (it then names a newer checkpoint).
     */
    boolean advance(int readVersion, long position, long eventSequence, byte[] digest) {
        try {
            VaultCalls.await("audit anchor write", kv.updateSecret(path, new VaultSecretsKV2UpdateSecretOptions().setCas(readVersion),
                    Map.of("position", Long.toString(position), "event_sequence", Long.toString(eventSequence),
                            "digest", HexFormat.of().formatHex(digest))));
            return true;
        } catch (KeyServiceUnavailableException e) {
            if (VaultCalls.answered(e, 400)) {
                return false; // check-and-set mismatch
            }
            throw e;
        }
    }
}
