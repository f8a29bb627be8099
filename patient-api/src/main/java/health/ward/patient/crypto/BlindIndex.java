package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.config.WardConfig;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.api.common.VaultHashAlgorithm;

/**
 * Exact-match search tokens: Transit HMAC-SHA256 over normalised input, with a purpose prefix so an
 * identifier can never collide with a name. The key never leaves Vault, so neither a database dump
 * nor a memory dump of patient-api lets anyone test guesses offline. The key version is pinned:
 * rotating the blind-index key means re-indexing ({@code BlindIndexReindexJob}), never silently
 * missing old rows — during the re-index, look-ups also match the previous version.
 */
@ApplicationScoped
public class BlindIndex {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final VaultClient vault;
    private final WardConfig.Crypto config;

    BlindIndex(VaultClient vault, WardConfig config) {
        this.vault = vault;
        this.config = config.crypto();
    }

    public String identifier(String identifier) {
        return hmac(identifierInput(identifier), config.blindIndexKeyVersion());
    }

    public String familyAndBirthDate(String family, LocalDate birthDate) {
        return hmac(familyBirthInput(family, birthDate), config.blindIndexKeyVersion());
    }

    public String account(String username) {
        return username == null ? null : hmac(accountInput(username), config.blindIndexKeyVersion());
    }

    /** Every token a stored row may carry for this identifier: the pinned version, and the previous one during a re-index. */
    public List<String> identifierMatches(String identifier) {
        return matches(identifierInput(identifier));
    }

    public List<String> familyAndBirthDateMatches(String family, LocalDate birthDate) {
        return matches(familyBirthInput(family, birthDate));
    }

    public List<String> accountMatches(String username) {
        return matches(accountInput(username));
    }

    /** The prefix every token of the pinned version starts with. */
    public String currentPrefix() {
        return "vault:v" + config.blindIndexKeyVersion() + ":";
    }

    private List<String> matches(String input) {
        List<String> tokens = new ArrayList<>(2);
        tokens.add(hmac(input, config.blindIndexKeyVersion()));
        config.blindIndexPreviousVersion().ifPresent(previous -> tokens.add(hmac(input, previous)));
        return tokens;
    }

    private static String identifierInput(String identifier) {
        return "identifier|" + normaliseIdentifier(identifier);
    }

    private static String familyBirthInput(String family, LocalDate birthDate) {
        return "family-birth|" + normaliseName(family) + "|" + birthDate;
    }

    private static String accountInput(String username) {
        return "account|" + normaliseAccount(username);
    }

    /** Whether two account names are the same account, as the account blind index compares them. */
    public static boolean sameAccount(String a, String b) {
        return a != null && b != null && normaliseAccount(a).equals(normaliseAccount(b));
    }

    private static String normaliseAccount(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    static String normaliseIdentifier(String value) {
        return value.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** Case, accents and spacing do not matter for a name lookup: "  Müller " finds "MULLER". */
    static String normaliseName(String value) {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return decomposed.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private String hmac(String input, int version) {
        try {
            return vault.secrets().transit(config.transitMount())
                    .hmac(config.blindIndexKey(), VaultHashAlgorithm.SHA2_256, input.getBytes(StandardCharsets.UTF_8),
                            version)
                    .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeyServiceUnavailableException("blind index", e);
        } catch (Exception e) {
            throw new KeyServiceUnavailableException("blind index", e);
        }
    }
}
