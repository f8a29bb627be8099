package health.ward.patient.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

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

/** Vault/OpenBao unreachable: fail closed with 503 problem+json, report not ready, recover by itself. */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
@Tag("WARD-ENC-001")
class VaultOutageTest {

    @Test
    void withVaultUnreachableWritesAndSearchesAre503AndReadinessIsDownThenEverythingRecovers() {
        String marker = "outage" + UUID.randomUUID().toString().substring(0, 6);
        String cached = PatientFixtures.createPatient(marker);
        WardServersResource.vaultLink.cut();
        try {
            given().contentType("application/json").body(PatientFixtures.body("new" + marker))
                    .when().post("/api/v1/patients")
                    .then().statusCode(503).contentType("application/problem+json")
                    .body(not(containsString(marker)));
            given().queryParam("identifier", "MRN-" + marker).when().get("/api/v1/patients")
                    .then().statusCode(503).contentType("application/problem+json");
            given().when().get("/q/health/ready")
                    .then().statusCode(503).body("checks.name", hasItem("vault"));
            // A data key unwrapped before the outage stays usable until its TTL ends.
            given().when().get("/api/v1/patients/" + cached).then().statusCode(200);
        } finally {
            WardServersResource.vaultLink.restore();
        }
        given().when().get("/q/health/ready").then().statusCode(200);
        given().contentType("application/json").body(PatientFixtures.body("after" + marker))
                .when().post("/api/v1/patients")
                .then().statusCode(201).body("identifier", equalTo("MRN-after" + marker));
    }
}
