package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * WARD-POL-011: no credential is written into a manifest as an env literal.
 *
 * <p>The name decides: its last word (split on _ - .) is a credential noun, or it names a
 * private key. Judging by the last word keeps QUARKUS_OIDC_TOKEN_AUDIENCE or ..._JWT_TOKEN_PATH
 * (settings about a credential, not the credential) out, while POSTGRES_PASSWORD or
 * QUARKUS_OIDC_CREDENTIALS_SECRET are caught. Empty values set nothing and are not reported.
 */
public final class SecretEnvLiteralCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-011";

    private static final Set<String> CREDENTIAL_WORDS = Set.of(
            "PASSWORD", "PASSWD", "PWD", "PASSPHRASE", "SECRET", "TOKEN", "KEY", "APIKEY", "CREDENTIAL", "CREDENTIALS");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        JsonNode env = container.node().path("env");
        for (int i = 0; i < env.size(); i++) {
            String name = env.get(i).path("name").asText("");
            String value = env.get(i).path("value").asText("");
            if (!value.isEmpty() && looksLikeCredential(name)) {
                String path = container.path() + ".env[" + i + "].value";
                findings.add(finding(resource, path, container.label() + " sets credential " + name
                        + " as a literal; replace " + path + " with valueFrom.secretKeyRef"));
            }
        }
    }

    static boolean looksLikeCredential(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String[] words = upper.split("[_.-]");
        return upper.contains("PRIVATE_KEY") || (words.length > 0 && CREDENTIAL_WORDS.contains(words[words.length - 1]));
    }
}
