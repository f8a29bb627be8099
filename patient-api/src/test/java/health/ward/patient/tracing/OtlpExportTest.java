package health.ward.patient.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** With ward.tracing.otlp-endpoint set, spans leave over OTLP/HTTP, scrubbed like any other export. */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@WithTestResource(OtlpCollector.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
class OtlpExportTest {

    @Test
    void aSearchReachesTheCollectorWithItsQueryRedacted() throws InterruptedException {
        String marker = "otlp" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        PatientFixtures.createPatient(marker);
        given().queryParam("family", "Family" + marker).queryParam("birthDate", "1980-02-29")
                .when().get("/api/v1/patients").then().statusCode(200);

        // OTLP protobuf carries attribute strings as UTF-8: the exported bytes can be searched as text.
        String exported = "";
        for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline;) {
            exported = String.join("\n", OtlpCollector.EXPORTS.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList());
            if (exported.contains("PatientResource.search")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(exported).contains("PatientResource.search", "url.query", PhiFreeSpans.REDACTED)
                .doesNotContain(marker);
    }
}
