package health.ward.patient.fhir;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Exports validate against FHIR R4 with HAPI's instance validator (zero errors), carry the record,
 * its observations, notes and access log, and are themselves audited. The test identity holds the
 * clinician, patient and DPO roles at once only so that one test can play all three.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@Tag("WARD-GDPR-001")
class FhirExportTest {

    static final String ACCOUNT = "pat.fhir";
    private static FhirValidator validator;
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @BeforeAll
    static void validator() {
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR), new CommonCodeSystemsTerminologyService(FHIR));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    @Test
    @TestSecurity(user = ACCOUNT, roles = { "clinician", "patient", "dpo" })
    @OidcSecurity(claims = { @Claim(key = "organization", value = "north"), @Claim(key = "preferred_username", value = ACCOUNT) })
    void ownAndDpoExportsAreValidFhirR4WithEverythingAboutTheSubject() {
        String m = "fx" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String id = given().contentType("application/json")
                .body(PatientFixtures.body(m).replace("\"pat." + m + "\"", "\"" + ACCOUNT + "\""))
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
        given().contentType("application/json")
                .body("{\"code\":\"8867-4\",\"display\":\"Heart rate\",\"value\":\"72\",\"unit\":\"/min\",\"effective\":\"2026-01-02T10:15:30Z\"}")
                .when().post("/api/v1/patients/" + id + "/observations").then().statusCode(201);
        given().contentType("application/json").body("{\"text\":\"Note " + m + "\"}")
                .when().post("/api/v1/patients/" + id + "/notes").then().statusCode(201);

        for (String path : List.of("/api/v1/me/export", "/api/v1/subjects/" + id + "/export")) {
            String json = given().when().get(path).then().statusCode(200)
                    .contentType("application/fhir+json").extract().asString();
            Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, json);
            List<String> types = bundle.getEntry().stream().map(e -> e.getResource().fhirType()).distinct().toList();
            assertThat(types).as(path).contains("Patient", "Observation", "DocumentReference", "AuditEvent");
            // Notes travel as base64 attachment data.
            assertThat(json).contains("Family" + m, java.util.Base64.getEncoder()
                    .encodeToString(("Note " + m).getBytes(java.nio.charset.StandardCharsets.UTF_8)));

            ValidationResult result = validator.validateWithResult(json);
            List<String> errors = result.getMessages().stream()
                    .filter(msg -> msg.getSeverity() == ResultSeverityEnum.ERROR || msg.getSeverity() == ResultSeverityEnum.FATAL)
                    .map(SingleValidationMessage::toString).toList();
            assertThat(errors).as(path + " validation errors").isEmpty();
            String notice = bundle.getEntry().stream().map(e -> e.getResource())
                    .filter(r -> r instanceof org.hl7.fhir.r4.model.DocumentReference d && d.hasDescription()
                            && d.getDescription().startsWith("Processing purposes and retention"))
                    .map(r -> new String(((org.hl7.fhir.r4.model.DocumentReference) r).getContentFirstRep().getAttachment().getData(),
                            java.nio.charset.StandardCharsets.UTF_8))
                    .findFirst().orElseThrow(() -> new AssertionError(path + ": no processing notice"));
            assertThat(notice).as(path).contains("TREAT:", "ETREAT:", "patient record: P10Y", "notes: P10Y");
        }
        String accessLog = given().when().get("/api/v1/me/access-log").then().statusCode(200).extract().asString();
        assertThat(accessLog).contains("\"action\":\"EXPORT\"");
    }
}
