package health.ward.patient.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
@Tag("WARD-MON-002")
class WardMetricsTest {

    @jakarta.inject.Inject
    AccessVolumeSampler sampler;

    @Test
    void accessesAreCountedByClosedLabelsAndNoIdOrPhiReachesTheMetrics() {
        String marker = "metric" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String id = PatientFixtures.createPatient(marker);
        given().when().get("/api/v1/patients/" + id).then().statusCode(200);
        given().when().get("/api/v1/patients/" + UUID.randomUUID()).then().statusCode(404);

        sampler.sample();
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("ward_phi_access_total\\{action=\"READ\",outcome=\"SUCCESS\",purpose=\"TREAT\",role=\"clinician\"\\} [1-9]")
                .containsPattern("ward_phi_access_total\\{action=\"READ\",outcome=\"NOT_FOUND\",purpose=\"TREAT\",role=\"clinician\"\\} [1-9]")
                .containsPattern("ward_phi_actor_max_distinct_patients_1h [1-9]")
                .contains("ward_key_cache_hits_total", "ward_key_cache_misses_total", "ward_audit_chain_valid",
                        "ward_audit_unsealed_events", "ward_audit_last_seal_timestamp_seconds")
                .doesNotContain(marker)
                .doesNotContain(id);
    }

    @Test
    @Tag("WARD-GDPR-002")
    void erasureRequestsAreCountedByStateWithTheOldestOpenOnesAge() throws Exception {
        UUID request = UUID.randomUUID();
        try (var db = WardServersResource.database.superuserConnection("ward"); var st = db.prepareStatement(
                "INSERT INTO ward.erasure_request (id, patient_id, requester_account_bidx, state, requested_at) "
                        + "VALUES (?, ?, 'vault:v1:test', 'PENDING', now() - interval '3 days')")) {
            st.setObject(1, request);
            st.setObject(2, UUID.randomUUID());
            st.executeUpdate();
        }
        try {
            sampler.sample();
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics).containsPattern("ward_erasure_requests\\{state=\"pending\"\\} [1-9]")
                    .contains("ward_erasure_requests{state=\"erased\"}", "ward_erasure_requests{state=\"rejected\"}",
                            "ward_erasure_requests{state=\"restricted\"}");
            java.util.regex.Matcher age = java.util.regex.Pattern.compile("ward_erasure_oldest_open_request_age_seconds ([0-9.E]+)")
                    .matcher(metrics);
            assertThat(age.find()).isTrue();
            assertThat(Double.parseDouble(age.group(1))).isGreaterThanOrEqualTo(3 * 86400);
        } finally {
            try (var db = WardServersResource.database.superuserConnection("ward");
                    var st = db.prepareStatement("DELETE FROM ward.erasure_request WHERE id = ?")) {
                st.setObject(1, request);
                st.executeUpdate();
            }
        }
    }
}
