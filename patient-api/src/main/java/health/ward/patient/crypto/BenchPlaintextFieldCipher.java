package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.quarkus.arc.profile.IfBuildProfile;

/**
 * BENCHMARK BUILD ONLY (build profile {@code bench-plain}): fields stored as plain UTF-8, the
 * "encryption off" baseline issue 3's ratio is measured against. The bean exists only in a jar built
 * with {@code -Dquarkus.profile=bench-plain}; the shipped build never contains it as a bean, and
 * {@code BenchBuildsOnlyTest} checks that the test build does not either.
 */
@IfBuildProfile("bench-plain")
@Alternative
@Priority(1)
@ApplicationScoped
public class BenchPlaintextFieldCipher extends FieldCipher {

    @Override
    public byte[] seal(SecretKey key, String plaintext, FieldContext context) {
        return plaintext == null ? null : plaintext.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String open(SecretKey key, byte[] stored, FieldContext context) {
        return stored == null ? null : new String(stored, StandardCharsets.UTF_8);
    }
}
