package health.ward.patient.rights;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.UUID;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;

/** Records and look-ups the subject-rights tests share; direct reads go through the DB superuser. */
final class SubjectRightsFixtures {

    private SubjectRightsFixtures() {
    }

    static String marker(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** A patient linked to {@code account}, with one observation and one note; returns its id. */
    static String linkedPatient(String account, String marker) {
        String id = given().contentType("application/json")
                .body(PatientFixtures.body(marker).replace("\"pat." + marker + "\"", "\"" + account + "\""))
                .when().post("/api/v1/patients").then().statusCode(201).extract().path("id");
        given().contentType("application/json")
                .body("{\"code\":\"8867-4\",\"display\":\"Heart rate " + marker + "\",\"value\":\"72\",\"unit\":\"/min\","
                        + "\"effective\":\"2026-01-02T10:15:30Z\"}")
                .when().post("/api/v1/patients/" + id + "/observations").then().statusCode(201);
        given().contentType("application/json").body("{\"text\":\"Note " + marker + "\"}")
                .when().post("/api/v1/patients/" + id + "/notes").then().statusCode(201);
        return id;
    }

    static String requestErasure() {
        return given().when().post("/api/v1/me/erasure-requests").then().statusCode(201)
                .body("state", org.hamcrest.Matchers.equalTo("PENDING")).extract().path("id");
    }

    static io.restassured.response.Response decide(String requestId, String decision) {
        return given().contentType("application/json")
                .body("{\"decision\":\"" + decision + "\",\"reason\":\"Decided after review by the DPO office.\"}")
                .when().post("/api/v1/erasure-requests/" + requestId + "/decision");
    }

    static long count(String sql, Object... params) {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql, Object... params) {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static UUID subjectKeyOf(String patientId) {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement st = db.prepareStatement("SELECT subject_key_id FROM ward.patient WHERE id = ?")) {
            st.setObject(1, UUID.fromString(patientId));
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("patient row of " + patientId).isTrue();
                return rs.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call to OpenBao with the dev server's root token: status code and body. */
    static HttpResponse<String> vault(String method, String path, String json) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(WardServersResource.openBao.address() + "/v1/" + path))
                    .header("X-Vault-Token", WardServersResource.openBao.rootToken())
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Transit's verdict on an erasure receipt's signature. */
    static boolean receiptVerifies(String receipt, String signature) {
        String input = Base64.getEncoder().encodeToString(receipt.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = vault("POST", "transit/verify/ward-erasure-receipt",
                "{\"input\":\"" + input + "\",\"signature\":\"" + signature + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().contains("\"valid\":true");
    }
}
