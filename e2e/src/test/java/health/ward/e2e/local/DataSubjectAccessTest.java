package health.ward.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.stack.LocalStack;

/**
 * A data subject sees their own record and who accessed it (GDPR Art. 15, HIPAA §164.528), with real
 * tokens: the record is linked to pat.carla's account by a clinician; pat.dan, with no record, gets a
 * clear 404 and never anyone else's data.
 */
@ExtendWith(LocalStackExtension.class)
@Tag("WARD-GDPR-001")
class DataSubjectAccessTest {

    private static WardClient client;
    private static String carlasRecord;
    private static String marker;

    @BeforeAll
    static void aClinicianRecordsCarla(LocalStack stack) throws Exception {
        client = new WardClient(stack);
        marker = "subj" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String ada = client.token("clin.ada", "demo-ada");
        HttpResponse<String> created = client.post("/api/v1/patients", ada, """
                {"identifier":"MRN-%1$s","name":{"family":"Carla%1$s","given":["Carla"]},"birthDate":"1990-04-01",
                 "sex":"female","accountUsername":"pat.carla"}
                """.formatted(marker));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        carlasRecord = WardClient.json(created).get("id").asText();
        client.post("/api/v1/patients/" + carlasRecord + "/notes", ada, "{\"text\":\"Seen for " + marker + "\"}");
        client.get("/api/v1/patients/" + carlasRecord, ada);
    }

    @Test
    void thePatientReadsTheirOwnRecordAndNotes() throws Exception {
        String carla = client.token("pat.carla", "demo-carla");
        HttpResponse<String> me = client.get("/api/v1/me", carla);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(WardClient.json(me).get("id").asText()).isEqualTo(carlasRecord);
        assertThat(client.get("/api/v1/me/notes", carla).body()).contains("Seen for " + marker);
    }

    @Test
    void theAccessLogNamesWhoDidWhatAndWhy() throws Exception {
        String carla = client.token("pat.carla", "demo-carla");
        HttpResponse<String> log = client.get("/api/v1/me/access-log", carla);
        assertThat(log.statusCode()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        for (JsonNode e : WardClient.json(log)) {
            lines.add(e.get("actor").asText() + " " + e.get("action").asText() + " " + e.get("resourceType").asText()
                    + " " + e.get("purposeOfUse").asText() + " breakGlass=" + e.get("breakGlass").asBoolean());
        }
        assertThat(lines).contains(
                "clin.ada CREATE Patient TREAT breakGlass=false",
                "clin.ada CREATE DocumentReference TREAT breakGlass=false",
                "clin.ada READ Patient TREAT breakGlass=false",
                "pat.carla READ AuditEvent TREAT breakGlass=false");
        assertThat(log.body()).doesNotContain(marker);
    }

    @Test
    void aPatientWithoutALinkedRecordGetsAClear404AndNothingElse() throws Exception {
        HttpResponse<String> me = client.get("/api/v1/me", client.token("pat.dan", "demo-dan"));
        assertThat(me.statusCode()).isEqualTo(404);
        assertThat(me.body()).contains("No patient record is linked to your account").doesNotContain(marker);
    }

    @Test
    void anAccountCanBeLinkedToOnlyOneRecord() throws Exception {
        HttpResponse<String> second = client.post("/api/v1/patients", client.token("clin.ada", "demo-ada"), """
                {"identifier":"MRN-x%1$s","name":{"family":"Other","given":["Other"]},"birthDate":"1991-01-01",
                 "sex":"male","accountUsername":"pat.carla"}
                """.formatted(marker));
        assertThat(second.statusCode()).isEqualTo(409);
        assertThat(second.body()).contains("already linked");
    }
}
