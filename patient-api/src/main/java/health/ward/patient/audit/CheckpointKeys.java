package health.ward.patient.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.VaultCalls;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.secrets.transit.VaultSecretsTransit;

/**
 * The public halves of the checkpoint signing key (WARD-AUD-002), pinned: the key name comes from
 * configuration ({@code ward.audit.signing-key}) and its public keys from Vault Transit, never from the
 * checkpoint row. Verifying locally (Ed25519) costs no Vault call per checkpoint, so every checkpoint
 * of the trail can be checked, not only the newest.
 */
@ApplicationScoped
public class CheckpointKeys {

    /** X.509 SubjectPublicKeyInfo prefix of a raw 32-byte Ed25519 public key (RFC 8410). */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final VaultSecretsTransit transit;
    private final String keyName;

    CheckpointKeys(VaultClient vault, WardConfig config) {
        this.transit = vault.secrets().transit(config.crypto().transitMount());
        this.keyName = config.audit().signingKey();
    }

    String keyName() {
        return keyName;
    }

    /** A verifier for one run: every version's public key, read once from Vault. */
    Verifier verifier() {
        var info = VaultCalls.await("checkpoint key read", transit.readKey(keyName));
        Map<Integer, PublicKey> keys = new HashMap<>();
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            for (var version : info.getKeys().entrySet()) {
                if (version.getValue() == null || version.getValue().getPublicKey() == null) {
                    continue;
                }
                byte[] raw = Base64.getDecoder().decode(version.getValue().getPublicKey());
                byte[] spki = new byte[ED25519_SPKI_PREFIX.length + raw.length];
                System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, raw.length);
                keys.put(Integer.parseInt(version.getKey()), ed25519.generatePublic(new X509EncodedKeySpec(spki)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("checkpoint signing key " + keyName + " is not an Ed25519 key", e);
        }
        return new Verifier(keyName, Map.copyOf(keys));
    }

    record Verifier(String keyName, Map<Integer, PublicKey> keys) {

        /** Whether {@code signature} ("vault:vN:base64") is the pinned key's over {@code message}, signed under {@code rowKeyName}. */
        boolean valid(String rowKeyName, String signature, byte[] message) {
            if (!keyName.equals(rowKeyName) || signature == null) {
                return false; // another key than the pinned one: never trusted, whatever the row says
            }
            String[] parts = signature.split(":");
            if (parts.length != 3 || !"vault".equals(parts[0]) || !parts[1].startsWith("v")) {
                return false;
            }
            try {
                PublicKey key = keys.get(Integer.parseInt(parts[1].substring(1)));
                if (key == null) {
                    return false;
                }
                Signature ed25519 = Signature.getInstance("Ed25519");
                ed25519.initVerify(key);
                ed25519.update(message);
                return ed25519.verify(Base64.getDecoder().decode(parts[2]));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
