package health.ward.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.bench.ExtraPatientApi;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;
import health.ward.testing.TcpProxy;

/**
 * Keycloak down (WARD-IAM-001): patient-api verifies tokens against the signing keys it fetched and
 * cached, so a token issued before the outage keeps working; new logins fail at the IdP; a token
 * patient-api cannot verify is refused with 401 problem+json, not a 500; a patient-api started during
 * the outage answers 503 problem+json until Keycloak is back, then accepts the same token. The outage
 * is the link between Keycloak and everyone else being cut (Keycloak itself keeps running), so it ends
 * at once.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("WARD-IAM-001")
class KeycloakOutageTest {

    private static LocalStack stack;
    private static WardClient client;

    @BeforeAll
    static void connect(LocalStack localStack) {
        stack = localStack;
        client = new WardClient(localStack);
    }

    @Test
    void issuedTokensKeepWorkingWhileKeycloakIsDownNewLoginsFailAndUnverifiableTokensAre401() throws Exception {
        String issued = client.token("clin.ada", "demo-ada");
        HttpResponse<String> created = client.post("/api/v1/patients", issued, """
                {"identifier":"MRN-%1$s","name":{"family":"Outage","given":["Kim"]},"birthDate":"1970-01-01","sex":"other"}
                """.formatted(UUID.randomUUID().toString().substring(0, 8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = WardClient.json(created).get("id").asText();

        TcpProxy link = stack.keycloak().link();
        long logBefore = Files.size(stack.patientApi().log());
        link.cut();
        try {
            // The outage is real: logins through the link fail, while Keycloak itself is up.
            assertThat(loginsThroughTheCutLink(3)).hasSize(3).allSatisfy(e -> assertThat(e).isInstanceOf(IOException.class));
            assertThat(new WardClient(stack, stack.keycloak().directUrl())
                    .get("/realms/ward/.well-known/openid-configuration", null).statusCode())
                    .isEqualTo(200);

            HttpResponse<String> read = client.get("/api/v1/patients/" + id, issued);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(WardClient.json(read).get("name").get("family").asText()).isEqualTo("Outage");

            // A key patient-api has never seen makes it fetch the keys again, which fails: 401, not 500.
            assertRefused(client.get("/api/v1/patients/" + id, tokenSignedByAnUnknownKey()));
            assertRefused(client.get("/api/v1/patients/" + id, "not-a-jwt"));
            assertRefused(client.get("/api/v1/patients/" + id, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"));

            // The issued token still works after patient-api failed to refresh the keys.
            assertThat(client.get("/api/v1/patients/" + id, issued).statusCode()).isEqualTo(200);
        } finally {
            link.restore();
        }
        String log = Files.readString(stack.patientApi().log(), StandardCharsets.UTF_8).substring((int) logBefore);
        assertThat(log).as("patient-api's log during the outage").doesNotContainPattern("\\n\\s+at [a-z]");

        String fresh = client.token("clin.ada", "demo-ada");
        assertThat(client.get("/api/v1/patients/" + id, fresh).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/v1/patients/" + id, issued).statusCode()).isEqualTo(200);
    }

    @Test
    void aPatientApiStartedWhileKeycloakIsDownIsReadyAndAcceptsTokensOnceKeycloakIsBack() throws Exception {
        String issued = client.token("clin.ada", "demo-ada");
        String unknownPatient = "/api/v1/patients/" + UUID.randomUUID();
        TcpProxy link = stack.keycloak().link();
        link.cut();
        try (ExtraPatientApi late = new ExtraPatientApi(stack, ManagedProcess.freePort(), stack.runDirectory().resolve("late-start"))) {
            late.start(); // readiness does not wait for Keycloak
            // It cannot verify any token yet: 503 problem+json (a dependency is down), not 500.
            WardClient lateClient = new WardClient(stack, late.url());
            assertProblem(lateClient.get(unknownPatient, issued), 503);

            link.restore();
            HttpResponse<String> afterRestore = lateClient.get(unknownPatient, issued);
            assertThat(afterRestore.statusCode()).as(afterRestore.body()).isEqualTo(404); // authenticated: the record is unknown
        } finally {
            link.restore();
        }
    }

    /**
     * What {@code attempts} logins fail with once the link is cut: connections the client kept alive
     * and new ones alike are reset. A login that succeeds fails the test.
     */
    private static List<IOException> loginsThroughTheCutLink(int attempts) throws InterruptedException {
        List<IOException> failures = new ArrayList<>();
        for (int attempt = 0; attempt < attempts; attempt++) {
            try {
                client.token("clin.ada", "demo-ada");
                throw new AssertionError("a login succeeded through the cut link");
            } catch (IOException e) {
                failures.add(e);
            }
        }
        return failures;
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertProblem(response, 401);
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContainPattern("\\bat [a-z]+\\.");
    }

    /** Everything a Keycloak access token for clin.ada has, except a key patient-api could know. */
    private static String tokenSignedByAnUnknownKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + UUID.randomUUID() + "\"}";
        String claims = """
                {"iss":"%s","aud":"patient-api","sub":"%s","azp":"ward-cli","preferred_username":"clin.ada",
                 "organization":"north","realm_access":{"roles":["clinician"]},"iat":%d,"exp":%d}
                """.formatted(stack.keycloak().issuer(), UUID.randomUUID(), now, now + 300);
        String signed = base64(header) + "." + base64(claims);
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key.getPrivate());
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rs256.sign());
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
