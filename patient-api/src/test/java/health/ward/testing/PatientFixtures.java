package health.ward.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** A patient whose every PHI field carries {@code marker}, created through the API. */
public final class PatientFixtures {

    private PatientFixtures() {
    }

    public static String body(String marker) {
        return """
                {"identifier":"MRN-%1$s","name":{"family":"Family%1$s","given":["Given%1$s"]},
                 "birthDate":"1980-02-29","sex":"female","telecom":"tel:+27-555-%1$s",
                 "address":"1 Marker Street %1$s","accountUsername":"pat.%1$s"}
                """.formatted(marker);
    }

    /** POSTs {@link #body} as the test's current identity; returns the new patient's id. */
    public static String createPatient(String marker) {
        return given().contentType("application/json").body(body(marker))
                .when().post("/api/v1/patients")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/patients/"))
                .extract().path("id");
    }
}
