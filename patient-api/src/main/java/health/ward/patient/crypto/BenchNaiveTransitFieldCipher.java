package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.vault.VaultTransitSecretEngine;

/**
 * BENCHMARK BUILD ONLY (build profile {@code bench-naive}): the design envelope encryption replaces —
 * one Transit encrypt or decrypt call per field, the data key unused. Issue 3 compares its throughput
 * with the shipped envelope encryption (cached per-subject data key, local AES-GCM). It uses its own
 * Transit key, {@value #KEY}: patient-api's policy grants no plain encrypt on the KEK, and the
 * benchmark harness creates this key and a token for it. Exists only in a jar built with
 * {@code -Dquarkus.profile=bench-naive}.
 */
@IfBuildProfile("bench-naive")
@Alternative
@Priority(1)
@ApplicationScoped
public class BenchNaiveTransitFieldCipher extends FieldCipher {

    public static final String KEY = "ward-bench-naive";

    @Inject
    VaultTransitSecretEngine transit;

    @Override
    public byte[] seal(SecretKey key, String plaintext, FieldContext context) {
        if (plaintext == null) {
            return null;
        }
        try {
            return transit.encrypt(KEY, plaintext).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw new KeyServiceUnavailableException("per-field encrypt", e);
        }
    }

    @Override
    public String open(SecretKey key, byte[] stored, FieldContext context) {
        if (stored == null) {
            return null;
        }
        try {
            return transit.decrypt(KEY, new String(stored, StandardCharsets.UTF_8)).asString();
        } catch (RuntimeException e) {
            throw new KeyServiceUnavailableException("per-field decrypt", e);
        }
    }
}
