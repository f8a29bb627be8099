package health.ward.e2e.kind;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardRelease;

/**
 * Throwaway identities in the kind cluster's Keycloak (k8s/addons: realm {@code ward}, imported with
 * no users and no client that allows a password grant). Through the admin API, with the admin
 * credentials install.sh generated into Secret keycloak/keycloak-admin, this adds one public client
 * with direct access grants and the realm's organization and patient-api audience mappers, and users
 * with one realm role each and a random password; {@link #close()} deletes all of them again.
 * Tokens carry the issuer patient-api trusts (Keycloak's KC_HOSTNAME is the in-cluster URL), so
 * they are accepted although they are fetched through a port-forward.
 */
final class KeycloakIdentities implements AutoCloseable {

    static final String REALM = "ward";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A user of realm ward and its password (generated per run, never written anywhere). */
    record Identity(String username, String password, String id) {

        @Override
        public String toString() {
            return "Identity[" + username + "]"; // never the password, in case an assertion message prints it
        }
    }

    private final Kubectl.PortForward keycloak;
    private final String runId;
    private final String clientId;
    private final List<String> created = new ArrayList<>();
    private String clientLocation;

    private KeycloakIdentities(Kubectl.PortForward keycloak, String runId) {
        this.keycloak = keycloak;
        this.runId = runId;
        this.clientId = "ward-kind-e2e-" + runId;
    }

    /** Reaches Keycloak and creates the test client; {@code runId} keeps names of concurrent runs apart. */
    static KeycloakIdentities open(String runId) {
        WardRelease.rolledOut("keycloak", "deployment/keycloak", Duration.ofMinutes(5));
        KeycloakIdentities identities = new KeycloakIdentities(Kubectl.portForward("keycloak", "svc/keycloak", 8080), runId);
        try {
            identities.createClient();
            return identities;
        } catch (RuntimeException | AssertionError e) {
            identities.close();
            throw e;
        }
    }

    /** A new user with realm role {@code role} and, if not null, the organization attribute clinicians carry. */
    Identity user(String role, String organization) {
        String username = "kind-" + role + "-" + runId + "-" + created.size();
        String password = randomPassword();
        ObjectNode user = WardRelease.JSON.createObjectNode()
                .put("username", username).put("enabled", true).put("emailVerified", true)
                .put("firstName", "Kind").put("lastName", "Test " + role).put("email", username + "@ward.example.invalid");
        if (organization != null) {
            user.putObject("attributes").putArray("organization").add(organization);
        }
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        String location = admin("POST", "/users", user.toString(), 201).headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Keycloak created user " + username + " without a Location"));
        created.add(location);
        String id = location.substring(location.lastIndexOf('/') + 1);
        String roleJson = admin("GET", "/roles/" + role, null, 200).body();
        admin("POST", "/users/" + id + "/role-mappings/realm", "[" + roleJson + "]", 204);
        return new Identity(username, password, id);
    }

    /** A fresh access token (realm ward lets them live 300 s, so long tests ask again). */
    String token(Identity identity) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(keycloak.url("/realms/" + REALM
                + "/protocol/openid-connect/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", clientId,
                        "username", identity.username(), "password", identity.password())))));
        expect(response, 200, "token for " + identity.username());
        return json(response).path("access_token").asText();
    }

    @Override
    public void close() {
        try {
            for (String user : created) {
                adminAt("DELETE", user, null);
            }
            if (clientLocation != null) {
                adminAt("DELETE", clientLocation, null);
            }
        } finally {
            keycloak.close();
        }
    }

    private void createClient() {
        ObjectNode client = WardRelease.JSON.createObjectNode()
                .put("clientId", clientId).put("name", "Ward kind-tier e2e (throwaway)").put("enabled", true)
                .put("publicClient", true).put("directAccessGrantsEnabled", true).put("standardFlowEnabled", false)
                .put("protocol", "openid-connect");
        ArrayNode mappers = client.putArray("protocolMappers");
        mappers.addObject().put("name", "organization").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-usermodel-attribute-mapper").putObject("config")
                .put("user.attribute", "organization").put("claim.name", "organization").put("jsonType.label", "String")
                .put("access.token.claim", "true").put("id.token.claim", "false").put("userinfo.token.claim", "false");
        mappers.addObject().put("name", "patient-api audience").put("protocol", "openid-connect")
                .put("protocolMapper", "oidc-audience-mapper").putObject("config")
                .put("included.custom.audience", "patient-api").put("access.token.claim", "true").put("id.token.claim", "false");
        clientLocation = admin("POST", "/clients", client.toString(), 201).headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("Keycloak created client " + clientId + " without a Location"));
    }

    /** An admin API call under /admin/realms/ward, answered with {@code status} or the test fails. */
    private HttpResponse<String> admin(String method, String path, String body, int status) {
        HttpResponse<String> response = adminAt(method, keycloak.url("/admin/realms/" + REALM + path), body);
        expect(response, status, method + " " + path);
        return response;
    }

    /**
     * An admin API call with a fresh admin token: the master realm's tokens live 60 s. Location
     * headers name Keycloak's own URL (KC_HOSTNAME), so the path is reused on the port-forward.
     */
    private HttpResponse<String> adminAt(String method, String url, String body) {
        String path = URI.create(url).getRawPath();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.url(path)))
                .header("Authorization", "Bearer " + adminToken())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request);
    }

    private String adminToken() {
        String username = secret("username");
        String password = secret("password");
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(keycloak.url("/realms/master/protocol/openid-connect/token")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", username, "password", password)))));
        expect(response, 200, "Keycloak admin token (Secret keycloak/keycloak-admin)");
        return json(response).path("access_token").asText();
    }

    private static String secret(String key) {
        String encoded = Kubectl.ok("-n", "keycloak", "get", "secret", "keycloak-admin", "-o", "jsonpath={.data." + key + "}").strip();
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("Keycloak unreachable through the port-forward: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + ": Keycloak answered HTTP " + response.statusCode() + ", expected " + status
                    + ": " + response.body());
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return WardRelease.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Keycloak answered no JSON: " + response.body(), e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** 24 characters from a URL-safe alphabet: meets the realm's length(12), never equals the username. */
    private static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
