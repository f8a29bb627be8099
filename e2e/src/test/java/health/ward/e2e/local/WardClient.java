package health.ward.e2e.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.ward.e2e.stack.LocalStack;

/** A user of the local stack: real tokens from Keycloak, real HTTP to patient-api. */
final class WardClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** No test waits forever on an answer: a server that accepts and never answers fails the test instead. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final String apiUrl;

    WardClient(LocalStack stack) {
        this(stack, stack.apiUrl());
    }

    /** A client of another patient-api process wired to the same stack (same Keycloak). */
    WardClient(LocalStack stack, String apiUrl) {
        this.stack = stack;
        this.apiUrl = apiUrl;
    }

    /** Password grant with the demo password `demo-<first name>` of BRIEF.md's local users. */
    String token(String username, String password) throws IOException, InterruptedException {
        String form = Map.of("grant_type", "password", "client_id", "ward-cli", "username", username, "password", password)
                .entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.keycloak().tokenEndpoint()))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + username + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any method, optional token and JSON body: for probing every operation of the API. */
    HttpResponse<String> send(String method, String path, String token, String body) throws IOException, InterruptedException {
        return send(method, path, token, body, null);
    }

    /** As {@link #send(String, String, String, String)}, with an X-Request-Id the audit event will carry. */
    HttpResponse<String> send(String method, String path, String token, String body, String requestId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
