package health.ward.patient.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import health.ward.patient.config.WardConfig;
import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling, read from the verified OIDC token. Holds identifiers and roles only. */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @Inject
    WardConfig config;

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    public String subject() {
        return claim("sub").orElse(null);
    }

    public String username() {
        return identity.isAnonymous() ? null : claim("preferred_username").orElse(identity.getPrincipal().getName());
    }

    public List<String> roles() {
        return identity.getRoles().stream().sorted().toList();
    }

    public Optional<String> organization() {
        return claim(config.auth().organizationClaim());
    }

    /** The account name that links a patient to their own record. */
    public Optional<String> account() {
        return claim(config.auth().accountClaim());
    }

    public String clientId() {
        return claim(config.auth().clientClaim()).orElse(null);
    }

    private Optional<String> claim(String name) {
        if (identity.isAnonymous() || token == null || token.getRawToken() == null) {
            return Optional.empty();
        }
        Object value = token.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", ""));
    }
}
