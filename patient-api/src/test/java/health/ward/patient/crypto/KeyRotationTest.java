package health.ward.patient.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Rotating the key-encryption key in OpenBao, then rewrapping: records written before and after stay
 * readable, and once everything is rewrapped the old key version can be retired.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
@Tag("WARD-ENC-001")
class KeyRotationTest {

    @Inject
    KeyRewrapJob rewrap;

    @Inject
    SubjectKeys keys;

    @Test
    void rotateRewrapAndRetireTheOldVersionWithoutLosingAnyRecord() throws Exception {
        String before = PatientFixtures.createPatient("rot-before-" + UUID.randomUUID().toString().substring(0, 6));
        operator("POST", "/v1/transit/keys/ward-patient-kek/rotate", "{}");
        String after = PatientFixtures.createPatient("rot-after-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(count("wrapped_key NOT LIKE 'vault:v2:%'")).isPositive();

        while (rewrap.rewrapBatch() == KeyRewrapJob.BATCH) {
            // next batch
        }
        assertThat(count("wrapped_key NOT LIKE 'vault:v2:%'")).as("data keys left on version 1").isZero();

        // Retire version 1: only a stale key would now fail; the cache must not hide that.
        operator("POST", "/v1/transit/keys/ward-patient-kek/config", "{\"min_decryption_version\": 2}");
        keys.cache().clear();
        given().when().get("/api/v1/patients/" + before).then().statusCode(200).body("id", equalTo(before));
        given().when().get("/api/v1/patients/" + after).then().statusCode(200).body("id", equalTo(after));
    }

    /** The operator's side (root token of the throwaway dev server): rotation is not the app's right. */
    private static int operator(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(WardServersResource.openBao.address() + path))
                        .header("X-Vault-Token", WardServersResource.openBao.rootToken())
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 204);
        return response.statusCode();
    }

    private static long count(String where) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM ward.subject_key WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
