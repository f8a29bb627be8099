package health.ward.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.stack.LocalStack;

/**
 * Local tier: the packaged patient-api as a process, against real PostgreSQL, OpenBao and Keycloak,
 * driven only through HTTP with real tokens — exactly what a user of `make run` does.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClinicianPathTest {

    private static LocalStack stack;
    private static WardClient client;
    /** Every PHI marker this class wrote; the last test looks for them in every process's log. */
    private static final List<String> MARKERS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void connect(LocalStack localStack) {
        stack = localStack;
        client = new WardClient(localStack);
    }

    private static String patientBody(String marker) {
        return """
                {"identifier":"MRN-%1$s","name":{"family":"Fam%1$s","given":["Giv%1$s"]},
                 "birthDate":"1975-06-15","sex":"male","telecom":"tel:%1$s","address":"Addr %1$s"}
                """.formatted(marker);
    }

    private static String createAsAda(String marker) throws Exception {
        MARKERS.add(marker);
        HttpResponse<String> created = client.post("/api/v1/patients", client.token("clin.ada", "demo-ada"), patientBody(marker));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/api/v1/patients/"));
        return WardClient.json(created).get("id").asText();
    }

    @Test
    @Tag("WARD-ENC-001")
    @Tag("WARD-IAM-001")
    void clinicianCreatesAndReadsAPatientWithARealToken() throws Exception {
        String marker = "e2e" + UUID.randomUUID().toString().substring(0, 8);
        String id = createAsAda(marker);

        HttpResponse<String> read = client.get("/api/v1/patients/" + id, client.token("clin.ada", "demo-ada"));
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode patient = WardClient.json(read);
        assertThat(patient.get("name").get("family").asText()).isEqualTo("Fam" + marker);
        assertThat(patient.get("birthDate").asText()).isEqualTo("1975-06-15");
        assertThat(patient.get("organization").asText()).isEqualTo("north");
    }

    @Test
    @Tag("WARD-IAM-001")
    void withoutATokenTheAnswerIs401ProblemJson() throws Exception {
        HttpResponse<String> response = client.get("/api/v1/patients/" + UUID.randomUUID(), null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    @Tag("WARD-IAM-001")
    @Tag("WARD-AUD-001")
    void aPatientTokenIsForbiddenOnTheClinicianApiAndTheAttemptIsAudited() throws Exception {
        String id = createAsAda("forbid" + UUID.randomUUID().toString().substring(0, 6));
        HttpResponse<String> response = client.get("/api/v1/patients/" + id, client.token("pat.carla", "demo-carla"));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("forbid");
        assertThat(auditRows(id, "READ")).containsExactly("DENIED by pat.carla");
    }

    @Test
    @Tag("WARD-IAM-001")
    void aClinicianOfAnotherOrganizationIsAnsweredAsIfTheRecordDidNotExist() throws Exception {
        String marker = "org" + UUID.randomUUID().toString().substring(0, 6);
        String id = createAsAda(marker);
        HttpResponse<String> response = client.get("/api/v1/patients/" + id, client.token("clin.ben", "demo-ben"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo(client.get("/api/v1/patients/" + UUID.randomUUID(),
                client.token("clin.ben", "demo-ben")).body().replaceAll("/api/v1/patients/[0-9a-f-]+", "/api/v1/patients/" + id));
        assertThat(response.body()).doesNotContain(marker);
        assertThat(auditRows(id, "READ")).containsExactly("DENIED by clin.ben");
    }

    @Test
    @Tag("WARD-ENC-001")
    void noDatabaseRowHoldsThePlaintextOfAMarkerWrittenIntoTheName() throws Exception {
        String marker = "PLAINTEXT" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String id = createAsAda(marker);

        List<String> checked = new ArrayList<>();
        try (Connection db = stack.database().superuserConnection("ward")) {
            for (String table : List.of("ward.patient", "ward.subject_key", "ward.audit_event")) {
                try (PreparedStatement all = db.prepareStatement("SELECT * FROM " + table); ResultSet rs = all.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            Object value = rs.getObject(i);
                            String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value);
                            assertThat(text).as(table + "." + meta.getColumnName(i)).doesNotContain(marker);
                            checked.add(table + "." + meta.getColumnName(i));
                        }
                    }
                }
            }
        }
        assertThat(checked).contains("ward.patient.family_ct", "ward.patient.given_ct");
        assertThat(client.get("/api/v1/patients/" + id, client.token("clin.ada", "demo-ada")).body()).contains(marker);
    }

    @Test
    @Tag("WARD-AUD-001")
    void aReadLeavesAnAuditEventWithTheRealTokenIdentity() throws Exception {
        String id = createAsAda("audit" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(client.get("/api/v1/patients/" + id, client.token("clin.ada", "demo-ada")).statusCode()).isEqualTo(200);
        assertThat(auditRows(id, "CREATE")).containsExactly("SUCCESS by clin.ada");
        assertThat(auditRows(id, "READ")).containsExactly("SUCCESS by clin.ada");
        try (Connection db = stack.database().superuserConnection("ward");
                PreparedStatement q = db.prepareStatement(
                        "SELECT actor_organization, client_id, actor_subject FROM ward.audit_event WHERE patient_id = ?::uuid AND action = 'READ'")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("actor_organization")).isEqualTo("north");
                assertThat(rs.getString("client_id")).isEqualTo("ward-cli");
                assertThat(rs.getString("actor_subject")).isNotBlank();
            }
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    @Tag("WARD-ENC-001")
    void noPhiMarkerAppearsInTheLogOfAnyProcess() throws Exception {
        // Also push markers through the error paths: invalid input, wrong role, unknown fields.
        String token = client.token("clin.ada", "demo-ada");
        String marker = "LOGLEAK" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        MARKERS.add(marker);
        client.post("/api/v1/patients", token, patientBody(marker).replace("1975-06-15", "2999-01-01"));
        client.post("/api/v1/patients", token, "{\"" + marker + "\": 1}");
        client.post("/api/v1/patients", client.token("pat.carla", "demo-carla"), patientBody(marker));
        client.get("/api/v1/patients?identifier=" + marker, token);
        createAsAda(marker + "ok");

        List<java.nio.file.Path> logs;
        try (var files = java.nio.file.Files.list(stack.runDirectory())) {
            logs = files.filter(f -> f.toString().endsWith(".log")).toList();
        }
        assertThat(logs).extracting(f -> f.getFileName().toString()).contains("patient-api.log", "keycloak.log", "openbao.log");
        assertThat(MARKERS).hasSizeGreaterThan(5);
        for (java.nio.file.Path log : logs) {
            String text = java.nio.file.Files.readString(log, StandardCharsets.ISO_8859_1);
            for (String m : MARKERS) {
                assertThat(text).as("%s must not contain PHI marker %s", log.getFileName(), m).doesNotContain(m);
            }
        }
    }

    private static List<String> auditRows(String patientId, String action) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = stack.database().superuserConnection("ward");
                PreparedStatement q = db.prepareStatement(
                        "SELECT outcome, actor_username FROM ward.audit_event WHERE patient_id = ?::uuid AND action = ? ORDER BY sequence")) {
            q.setString(1, patientId);
            q.setString(2, action);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + " by " + rs.getString(2));
                }
            }
        }
        return rows;
    }
}
