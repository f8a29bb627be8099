package health.ward.e2e.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.bench.ExtraPatientApi;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;

/**
 * WARD-GDPR-002 and WARD-ENC-001 on the local stack, the way an auditor would check them: markers
 * written through the API appear in neither PostgreSQL's files (heap and WAL) nor a {@code pg_dump};
 * a dump taken before an erasure, restored into a fresh database under a second patient-api, gives
 * the erased subject back as 410 Gone — and even with Transit at hand (root token) the restored
 * ciphertext does not decrypt, because the subject's key share in Vault is gone. A second subject in
 * the same dump reads back intact, so the restore and the decryption path are real.
 */
@ExtendWith(LocalStackExtension.class)
class ErasureRestoreTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Tag("WARD-GDPR-002")
    @Tag("WARD-ENC-001")
    void anErasedSubjectStaysErasedAfterRestoringADumpTakenBeforeTheErasure(LocalStack stack) throws Exception {
        WardClient client = new WardClient(stack);
        String m = "er" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String kept = "kp" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String ada = client.token("clin.ada", "demo-ada");
        String erased = created(client.post("/api/v1/patients", ada, patient(m, "pat.gus")));
        String other = created(client.post("/api/v1/patients", ada, patient(kept, null)));
        created(client.post("/api/v1/patients/" + erased + "/observations", ada,
                "{\"code\":\"8867-4\",\"display\":\"Heart rate " + m + "\",\"value\":\"7" + m + "\",\"effective\":\"2026-01-02T10:15:30Z\"}"));
        created(client.post("/api/v1/patients/" + erased + "/notes", ada, "{\"text\":\"Seen for " + m + "\"}"));

        Path work = Files.createDirectories(stack.runDirectory().resolve("erasure-restore-" + m));
        Path dump = work.resolve("ward-before-erasure.sql");
        run(stack, work, RepoPaths.tool("bin/pg_dump").toString(), "-d", "ward", "--no-password", "-f", dump.toString());
        String dumped = Files.readString(dump);
        assertThat(dumped).as("a real dump of the record").contains("COPY ward.patient ", erased, other, "COPY ward.subject_key ");
        assertThat(dumped.toLowerCase(Locale.ROOT)).as("markers in the dump").doesNotContain(m, kept);

        // The subject asks, the DPO approves: crypto-shredding.
        String gus = client.token("pat.gus", "demo-gus");
        String request = created(client.post("/api/v1/me/erasure-requests", gus, ""));
        HttpResponse<String> decision = client.post("/api/v1/erasure-requests/" + request + "/decision",
                client.token("dpo.finn", "demo-finn"), "{\"decision\":\"APPROVE\",\"reason\":\"Subject request, no retention duty applies.\"}");
        assertThat(decision.statusCode()).as(decision.body()).isEqualTo(200);
        assertThat(WardClient.json(decision).get("receiptSignature").asText()).startsWith("vault:v1:");
        assertThat(client.get("/api/v1/me", gus).statusCode()).isEqualTo(404);
        assertThat(client.get("/api/v1/patients/" + erased, ada).statusCode()).isEqualTo(404);

        // Restore the pre-erasure dump into a fresh database and start a second patient-api on it.
        String restoredDb = "ward_restored_" + m;
        try (Connection su = stack.database().superuserConnection("postgres"); Statement st = su.createStatement()) {
            st.execute("CREATE DATABASE " + restoredDb + " OWNER ward_migrator");
        }
        try {
            run(stack, work, RepoPaths.tool("bin/psql").toString(), "-d", restoredDb, "--no-password", "-v", "ON_ERROR_STOP=1",
                    "-q", "-f", dump.toString());
            String restoredUrl = stack.database().jdbcUrl().replaceAll("/ward$", "/" + restoredDb);
            try (ExtraPatientApi api = new ExtraPatientApi(stack, ManagedProcess.freePort(), work, restoredUrl).start()) {
                WardClient restored = new WardClient(stack, api.url());
                HttpResponse<String> gone = restored.get("/api/v1/patients/" + erased, ada);
                assertThat(gone.statusCode()).as(gone.body()).isEqualTo(410);
                assertThat(gone.body()).contains("erased").doesNotContain(m);
                assertThat(restored.get("/api/v1/patients/" + erased + "/notes", ada).statusCode()).isEqualTo(410);
                HttpResponse<String> intact = restored.get("/api/v1/patients/" + other, ada);
                assertThat(intact.statusCode()).as("the other subject restored intact").isEqualTo(200);
                assertThat(intact.body()).contains("Family" + kept);
            }
            try (Connection restoredDbConnection = stack.database().superuserConnection(restoredDb)) {
                // With Transit's help and the share, the other subject's ciphertext opens: the path below is right...
                assertThat(openFamily(stack, restoredDbConnection, UUID.fromString(other))).isEqualTo("Family" + kept);
                // ...and without the share the erased subject's never does, even with the unwrapped data key.
                assertThatThrownBy(() -> openFamily(stack, restoredDbConnection, UUID.fromString(erased)))
                        .isInstanceOf(AEADBadTagException.class);
            }
        } finally {
            try (Connection su = stack.database().superuserConnection("postgres"); Statement st = su.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + restoredDb + " WITH (FORCE)");
            }
        }
    }

    /**
     * Encryption at rest below SQL: markers written through the API are in none of PostgreSQL's files
     * — heap, indexes, WAL — after a checkpoint. The files are read through the server itself
     * ({@code pg_ls_dir}, {@code pg_read_binary_file} as superuser), so the check runs the same on the
     * embedded server and on a container whose files the test cannot open.
     */
    @Test
    @Tag("WARD-ENC-001")
    void markersWrittenThroughTheApiAreInNoneOfPostgresFiles(LocalStack stack) throws Exception {
        WardClient client = new WardClient(stack);
        String m = "df" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String ada = client.token("clin.ada", "demo-ada");
        String id = created(client.post("/api/v1/patients", ada, patient(m, null)));
        created(client.post("/api/v1/patients/" + id + "/notes", ada, "{\"text\":\"Seen for " + m + "\"}"));
        try (Connection su = stack.database().superuserConnection("ward")) {
            try (Statement st = su.createStatement()) {
                st.execute("CHECKPOINT");
            }
            List<String> files = serverFiles(su, ".");
            assertThat(files).as("files of the PostgreSQL data directory").anyMatch(f -> f.startsWith("./pg_wal/"));
            assertThat(filesContaining(su, files, m.getBytes(StandardCharsets.UTF_8))).as("PostgreSQL files holding a marker").isEmpty();
            // The scan itself is not blind: the row's id, stored in clear as a 16-byte uuid, is found.
            UUID uuid = UUID.fromString(id);
            byte[] idBytes = java.nio.ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).array();
            assertThat(filesContaining(su, files, idBytes)).as("files holding the row id").isNotEmpty();
        }
    }

    private static String patient(String marker, String account) {
        return """
                {"identifier":"MRN-%1$s","name":{"family":"Family%1$s","given":["Given%1$s"]},"birthDate":"1971-07-07",
                 "sex":"male","telecom":"tel:+27-555-%1$s","address":"3 Marker Road %1$s"%2$s}
                """.formatted(marker, account == null ? "" : ",\"accountUsername\":\"" + account + "\"");
    }

    private static String created(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return WardClient.json(response).get("id").asText();
    }

    /**
     * Decrypts a restored row's family name the only way the design allows: Transit unwraps the data
     * key (root token: an attacker who owns Vault's Transit), the share comes from KV — if it exists
     * — and HKDF joins them. Without a share, the bare data key is tried, and must fail.
     */
    private static String openFamily(LocalStack stack, Connection db, UUID patient) throws Exception {
        UUID subjectKey;
        String wrapped;
        byte[] familyCt;
        long version;
        try (PreparedStatement st = db.prepareStatement("SELECT k.id, k.wrapped_key, p.family_ct, p.record_version"
                + " FROM ward.patient p JOIN ward.subject_key k ON k.id = p.subject_key_id WHERE p.id = ?")) {
            st.setObject(1, patient);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("restored row of " + patient).isTrue();
                subjectKey = rs.getObject(1, UUID.class);
                wrapped = rs.getString(2);
                familyCt = rs.getBytes(3);
                version = rs.getLong(4);
            }
        }
        JsonNode unwrapped = vault(stack, "POST", "transit/decrypt/ward-patient-kek", "{\"ciphertext\":\"" + wrapped + "\"}");
        byte[] dataKey = Base64.getDecoder().decode(unwrapped.get("data").get("plaintext").asText());
        JsonNode share = vault(stack, "GET", "ward-subject-shares/data/" + subjectKey, null);
        byte[] key = share == null ? dataKey
                : hkdf(dataKey, Base64.getDecoder().decode(share.get("data").get("data").get("share").asText()),
                        ("ward-subject-key-v2|" + subjectKey).getBytes(StandardCharsets.UTF_8));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, familyCt, 1, 12));
        // Bound to table, column, row and the row's version (issue 18: an older ciphertext does not open).
        gcm.updateAAD(("ward:v2|patient|family_ct|" + patient + "|" + version).getBytes(StandardCharsets.UTF_8));
        return new String(gcm.doFinal(familyCt, 13, familyCt.length - 13), StandardCharsets.UTF_8);
    }

    /** RFC 5869, first block: written here independently of patient-api's, as an oracle. */
    private static byte[] hkdf(byte[] ikm, byte[] salt, byte[] info) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        return mac.doFinal(new byte[] { 1 });
    }

    /** OpenBao with the dev server's root token; {@code null} for a 404. */
    private static JsonNode vault(LocalStack stack, String method, String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(stack.openBao().address() + "/v1/" + path))
                .header("X-Vault-Token", stack.openBao().rootToken())
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return null;
        }
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return WardClient.JSON.readTree(response.body());
    }

    /** Every regular file under {@code dir} of the server's data directory, listed by the server. */
    private static List<String> serverFiles(Connection su, String dir) throws SQLException {
        List<String> files = new ArrayList<>();
        try (PreparedStatement ls = su.prepareStatement(
                "SELECT name, (pg_stat_file(? || '/' || name, true)).isdir FROM pg_ls_dir(?, true, false) AS name")) {
            ls.setString(1, dir);
            ls.setString(2, dir);
            List<String> subdirectories = new ArrayList<>();
            try (ResultSet rs = ls.executeQuery()) {
                while (rs.next()) {
                    String path = dir + "/" + rs.getString(1);
                    if (rs.getBoolean(2)) {
                        subdirectories.add(path);
                    } else {
                        files.add(path);
                    }
                }
            }
            for (String sub : subdirectories) {
                files.addAll(serverFiles(su, sub));
            }
        }
        return files;
    }

    /** The files whose bytes contain {@code needle}, read by the server (a file removed meanwhile is skipped). */
    private static List<String> filesContaining(Connection su, List<String> files, byte[] needle) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (PreparedStatement read = su.prepareStatement(
                "SELECT position(?::bytea IN coalesce(pg_read_binary_file(?, true), ''::bytea)) > 0")) {
            for (String file : files) {
                read.setBytes(1, needle);
                read.setString(2, file);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        hits.add(file);
                    }
                }
            }
        }
        return hits;
    }

    /** A PostgreSQL client tool as the superuser of the stack's server (embedded or container). */
    private static void run(LocalStack stack, Path dir, String... command) throws IOException, InterruptedException {
        Path log = dir.resolve(Path.of(command[0]).getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(stack.database().superuserClientEnvironment());
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        assertThat(p.exitValue()).as(command[0] + " exit code; output: " + Files.readString(log)).isZero();
    }
}
