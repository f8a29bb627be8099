package health.ward.patient.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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

/** PostgreSQL unreachable: 503 problem+json (never a 500), not ready, and recovery without a restart. */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
@Tag("WARD-AUD-001")
class DatabaseOutageTest {

    @Test
    void withTheDatabaseUnreachableRequestsAre503AndTheServiceRecoversOnItsOwn() {
        String marker = "dbdown" + UUID.randomUUID().toString().substring(0, 6);
        String id = PatientFixtures.createPatient(marker);
        WardServersResource.databaseLink.cut();
        try {
            given().when().get("/api/v1/patients/" + id)
                    .then().statusCode(503).contentType("application/problem+json").body(not(containsString(marker)));
            given().contentType("application/json").body(PatientFixtures.body("x" + marker))
                    .when().post("/api/v1/patients").then().statusCode(503);
            given().when().get("/q/health/ready").then().statusCode(503);
        } finally {
            WardServersResource.databaseLink.restore();
        }
        // Bounded by count, not time: the pool must heal by itself within a few requests.
        int status = 0;
        for (int attempt = 0; attempt < 5 && status != 200; attempt++) {
            status = given().when().get("/api/v1/patients/" + id).then().extract().statusCode();
            assertThat(status).as("attempt %d after the database came back", attempt).isIn(200, 503);
        }
        assertThat(status).isEqualTo(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
