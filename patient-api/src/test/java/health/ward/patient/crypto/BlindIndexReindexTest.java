package health.ward.patient.crypto;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.patient.service.BlindIndexReindexJob;
import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Rotating the blind-index key (WARD-ENC-001): the key is at version 2, patient-api pins 2 and keeps
 * accepting 1 during the re-index. Rows written before the rotation (version-1 tokens, set here by
 * SQL exactly as Transit computes them) are found, the job moves them to version 2, and they are
 * still found — no record silently drops out of search.
 */
@QuarkusTest
@TestProfile(BlindIndexReindexTest.RotatedKey.class)
@WithTestResource(value = WardServersResource.class, initArgs = @ResourceArg(name = WardServersResource.ROTATE_BLIND_INDEX_KEY, value = "true"))
@Tag("WARD-ENC-001")
class BlindIndexReindexTest {

    public static class RotatedKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ward.crypto.blind-index-key-version", "2", "ward.crypto.blind-index-previous-version", "1");
        }
    }

    @Inject
    BlindIndexReindexJob reindex;

    @Test
    @TestSecurity(user = "clin.ada", roles = "clinician")
    @OidcSecurity(claims = @Claim(key = "organization", value = "north"))
    void recordsIndexedUnderTheOldVersionStayFindableAndMoveToTheNewOne() throws Exception {
        String m = "ri" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String id = PatientFixtures.createPatient(m);
        assertThat(column(id, "identifier_bidx")).startsWith("vault:v2:")
                .as("this test computes tokens as patient-api does")
                .isEqualTo(hmac(2, "identifier|" + BlindIndex.normaliseIdentifier("MRN-" + m)));

        // As if written before the rotation: the same inputs, HMAC'd with version 1.
        update(id, "identifier_bidx", hmac(1, "identifier|" + BlindIndex.normaliseIdentifier("MRN-" + m)));
        update(id, "family_birth_bidx", hmac(1, "family-birth|" + BlindIndex.normaliseName("Family" + m) + "|1980-02-29"));
        update(id, "account_bidx", hmac(1, "account|pat." + m));
        assertThat(column(id, "identifier_bidx")).startsWith("vault:v1:");

        given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(id));
        given().queryParam("family", "Family" + m).queryParam("birthDate", "1980-02-29").when().get("/api/v1/patients")
                .then().statusCode(200).body("size()", equalTo(1));

        assertThat(reindex.reindexBatch()).isGreaterThanOrEqualTo(1);
        assertThat(column(id, "identifier_bidx")).startsWith("vault:v2:");
        assertThat(column(id, "family_birth_bidx")).startsWith("vault:v2:");
        assertThat(column(id, "account_bidx")).startsWith("vault:v2:");
        assertThat(reindex.reindexBatch()).as("nothing left on version 1").isZero();

        given().queryParam("identifier", "MRN-" + m).when().get("/api/v1/patients").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].id", equalTo(id));
        assertThat(column(id, "(SELECT count(*) FROM ward.audit_event e WHERE e.patient_id = patient.id "
                + "AND e.actor_subject = 'system:blind-index-reindex')::text")).isEqualTo("1");
    }

    private static String hmac(int version, String input) {
        String body = WardServersResource.openBao.post("transit/hmac/ward-blind-index", "{\"key_version\":" + version + ",\"input\":\""
                + Base64.getEncoder().encodeToString(input.getBytes(StandardCharsets.UTF_8)) + "\"}");
        String hmac = body.strip().replaceAll("(?s).*\"hmac\":\"([^\"]+)\".*", "$1");
        assertThat(hmac).startsWith("vault:v" + version + ":");
        return hmac;
    }

    private static String column(String id, String expression) throws Exception {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement("SELECT " + expression + " FROM ward.patient WHERE id = ?")) {
            st.setObject(1, UUID.fromString(id));
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static void update(String id, String column, String value) throws Exception {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement("UPDATE ward.patient SET " + column + " = ? WHERE id = ?")) {
            st.setString(1, value);
            st.setObject(2, UUID.fromString(id));
            assertThat(st.executeUpdate()).isEqualTo(1);
        }
    }
}
