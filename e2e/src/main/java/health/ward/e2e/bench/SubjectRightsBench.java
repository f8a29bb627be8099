package health.ward.e2e.bench;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import health.ward.e2e.stack.LocalStack;

/**
 * Issue 4's figures: erasure time for a subject with 10 vs 10,000 records (target: flat, ≤ 200 ms
 * each) and FHIR export of a subject with 1,000 entries (target ≤ 1 s).
 *
 * <p>Erasure: the subject is created through the API with one observation; the other records are
 * copies of that observation's row made by SQL (erasure deletes rows and never decrypts them, so
 * their ciphertext need not open), and the pending request is inserted by SQL because only the
 * subject's own account can file one. What is timed is the DPO's APPROVE call end to end: lock,
 * audit, deletes, receipt signature, share destruction, commit.
 *
 * <p>Export: 500 observations and 500 notes written through the API, so every entry is real
 * ciphertext that the export decrypts; timed is {@code GET /subjects/{id}/export} as the DPO.
 */
final class SubjectRightsBench {

    record Erasure(int records, double millis) {
    }

    record Export(int entries, long bytes, double millis) {
    }

    private SubjectRightsBench() {
    }

    static List<Erasure> erasures(LocalStack stack, WardApi api, int records, int runs) throws Exception {
        List<Erasure> out = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String patient = create(api, "/api/v1/patients", SyntheticPatient.json("ERASE-" + UUID.randomUUID()));
            create(api, "/api/v1/patients/" + patient + "/observations", observation(0));
            UUID request = UUID.randomUUID();
            try (Connection db = stack.database().superuserConnection("ward")) {
                try (PreparedStatement copy = db.prepareStatement("""
                        INSERT INTO ward.observation (id, patient_id, code_ct, display_ct, value_ct, unit_ct, effective_ct, recorded_by)
                        SELECT gen_random_uuid(), patient_id, code_ct, display_ct, value_ct, unit_ct, effective_ct, recorded_by
                        FROM ward.observation, generate_series(1, ?) WHERE patient_id = ?""")) {
                    copy.setInt(1, records - 1);
                    copy.setObject(2, UUID.fromString(patient));
                    copy.executeUpdate();
                }
                try (PreparedStatement pending = db.prepareStatement("INSERT INTO ward.erasure_request "
                        + "(id, patient_id, requester_account_bidx, state, requested_at) VALUES (?, ?, 'bench', 'PENDING', now())")) {
                    pending.setObject(1, request);
                    pending.setObject(2, UUID.fromString(patient));
                    pending.executeUpdate();
                }
                db.createStatement().execute("ANALYZE ward.observation");
            }
            long start = System.nanoTime();
            var answer = api.send("POST", "/api/v1/erasure-requests/" + request + "/decision", "dpo.finn",
                    "{\"decision\":\"APPROVE\",\"reason\":\"Benchmark erasure of a synthetic subject.\"}",
                    "bench-erase-" + UUID.randomUUID(), Duration.ofSeconds(60));
            double millis = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200 || remaining(stack, patient) != 0) {
                throw new IllegalStateException("erasure of " + records + " records failed: HTTP " + answer.statusCode());
            }
            out.add(new Erasure(records, millis));
            System.out.printf("  erasure of %d records: %.1f ms%n", records, millis);
        }
        return out;
    }

    static List<Export> exports(WardApi api, int entries, int runs) throws Exception {
        String patient = create(api, "/api/v1/patients", SyntheticPatient.json("EXPORT-" + UUID.randomUUID()));
        for (int i = 0; i < entries / 2; i++) {
            create(api, "/api/v1/patients/" + patient + "/observations", observation(i));
            create(api, "/api/v1/patients/" + patient + "/notes", "{\"text\":\"Synthetic progress note " + i + ".\"}");
        }
        List<Export> out = new ArrayList<>();
        for (int i = -3; i < runs; i++) { // three discarded warm-up calls
            long start = System.nanoTime();
            var answer = api.send("GET", "/api/v1/subjects/" + patient + "/export", "dpo.finn", null,
                    "bench-export-" + UUID.randomUUID(), Duration.ofSeconds(60));
            double millis = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("export answered HTTP " + answer.statusCode());
            }
            if (i >= 0) {
                out.add(new Export(entries, answer.body().length(), millis));
                System.out.printf("  export of %d entries: %.1f ms, %d bytes%n", entries, millis, answer.body().length());
            }
        }
        return out;
    }

    private static String observation(int i) {
        return "{\"code\":\"8867-4\",\"display\":\"Heart rate\",\"value\":\"" + (60 + i % 40)
                + "\",\"unit\":\"/min\",\"effective\":\"2026-01-02T10:15:30Z\"}";
    }

    private static String create(WardApi api, String path, String body) throws IOException, InterruptedException {
        var answer = api.send("POST", path, "clin.ada", body, "bench-seed-" + UUID.randomUUID(), Duration.ofSeconds(30));
        if (answer.statusCode() != 201) {
            throw new IllegalStateException(path + " answered HTTP " + answer.statusCode());
        }
        return WardApi.JSON.readTree(answer.body()).get("id").asText();
    }

    private static long remaining(LocalStack stack, String patient) throws SQLException {
        try (Connection db = stack.database().superuserConnection("ward");
                PreparedStatement st = db.prepareStatement("SELECT (SELECT count(*) FROM ward.patient WHERE id = ?) "
                        + "+ (SELECT count(*) FROM ward.observation WHERE patient_id = ?)")) {
            st.setObject(1, UUID.fromString(patient));
            st.setObject(2, UUID.fromString(patient));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
