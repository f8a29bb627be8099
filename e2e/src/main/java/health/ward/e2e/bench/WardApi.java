package health.ward.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The bench, soak and crash drivers' view of Ward: password-grant tokens from Keycloak (renewed
 * before their 300 s lifetime ends) and plain HTTP to one patient-api base URL. Every request
 * carries an {@code X-Request-Id}, which the API stores in {@code audit_event.request_id}.
 */
public final class WardApi {

    /** Renew at 240 s: Keycloak's access tokens in realm ward live 300 s. */
    private static final Duration TOKEN_RENEWAL = Duration.ofSeconds(240);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String tokenEndpoint;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private volatile String baseUrl;

    public WardApi(String baseUrl, String tokenEndpoint) {
        this.baseUrl = baseUrl;
        this.tokenEndpoint = tokenEndpoint;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A valid bearer token for a local demo user (password {@code demo-<first name>}). */
    public String token(String username) {
        Token current = tokens.get(username);
        if (current != null && Instant.now().isBefore(current.renewAt())) {
            return current.value();
        }
        return tokens.compute(username, (user, old) -> old != null && Instant.now().isBefore(old.renewAt()) ? old : fetch(user))
                .value();
    }

    private Token fetch(String username) {
        String password = "demo-" + username.substring(username.indexOf('.') + 1);
        String form = Map.of("grant_type", "password", "client_id", "ward-cli", "username", username, "password", password)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP " + response.statusCode());
            }
            return new Token(JSON.readTree(response.body()).get("access_token").asText(), Instant.now().plus(TOKEN_RENEWAL));
        } catch (IOException e) {
            throw new UncheckedIOException("token for " + username, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One request; {@code body} null for GET. Throws IOException on connection failure or timeout. */
    public HttpResponse<String> send(String method, String path, String user, String body, String requestId, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token(user))
                .header("X-Request-Id", requestId)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates {@code count} synthetic patients as {@code user}; returns them (id + identifier). */
    public List<SeededPatient> seedPatients(String user, String prefix, int count) {
        List<SeededPatient> seeded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String identifier = prefix + "-" + UUID.randomUUID();
            try {
                HttpResponse<String> response = send("POST", "/api/v1/patients", user, SyntheticPatient.json(identifier),
                        "seed-" + UUID.randomUUID(), Duration.ofSeconds(30));
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("seeding a patient answered HTTP " + response.statusCode());
                }
                seeded.add(new SeededPatient(JSON.readTree(response.body()).get("id").asText(), identifier));
            } catch (IOException e) {
                throw new UncheckedIOException("seeding patients", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return seeded;
    }

    /** {@code GET /audit-events/verify} as the auditor. */
    public JsonNode verifyAudit(Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", "/api/v1/audit-events/verify", "aud.eve", null,
                "verify-" + UUID.randomUUID(), timeout);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("audit verify answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    public record SeededPatient(String id, String identifier) {
    }

    private record Token(String value, Instant renewAt) {
    }
}
