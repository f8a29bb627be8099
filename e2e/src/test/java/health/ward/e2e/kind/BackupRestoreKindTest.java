package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.WardRelease;

/**
 * The restore drill (WARD-BCK-003) with the chart's backup definition (WARD-BCK-001) and erasure
 * surviving a restore (WARD-GDPR-002), on Velero as k8s/addons/install.sh sets it up (MinIO bucket,
 * node agent, Kopia): three patients are created through the API; one subject is erased before the
 * backup, a Backup is made from the chart's Schedule template (pre-hook pg_dump onto the backup
 * volume, file-system backup of that volume), the second subject is erased after it, and namespace
 * {@code ward} is lost together with its volumes. After the restore (post-hook pg_restore) the
 * kept patient reads back, the subject erased after the backup answers 410 Gone (its rows came
 * back with the backup, its key share in OpenBao — outside the namespace — did not), the subject
 * erased before it answers 404 (it was never in the backup), and the restored audit trail verifies.
 *
 * <p>"Lost together with its volumes": the chart's StorageClass retains volumes, so deleting the
 * namespace leaves its PersistentVolumes Released and still bound by claimRef to the deleted claims;
 * a restored claim could not bind to them. The drill deletes them too, as a real loss would.
 *
 * <p>Destructive for namespace ward, so it runs after the other kind classes ({@link Order}; see
 * e2e/src/test/resources/junit-platform.properties) and ends with the release ready again, or fails.
 * Identities come from the in-cluster Keycloak ({@link KeycloakIdentities}), and are deleted after.
 */
@Tag("kind")
@Tag("WARD-BCK-001")
@Tag("WARD-BCK-003")
@Tag("WARD-GDPR-002")
@Order(Integer.MAX_VALUE)
class BackupRestoreKindTest {

    static final String VELERO = "velero";
    /** The chart's Schedule: "<release namespace>-<fullname>" in Velero's namespace. */
    static final String SCHEDULE = WardRelease.NAMESPACE + "-ward";
    static final String OWNER = "ward.health/kind-test=backup-restore";
    static final Set<String> FAILED_PHASES = Set.of("Failed", "PartiallyFailed", "FailedValidation",
            "FinalizingPartiallyFailed", "WaitingForPluginOperationsPartiallyFailed");

    @BeforeAll
    static void veleroIsReady() {
        WardRelease.awaitReady();
        WardRelease.rolledOut(VELERO, "deployment/velero", Duration.ofMinutes(5));
        WardRelease.rolledOut(VELERO, "daemonset/node-agent", Duration.ofMinutes(5));
        ClusterWait.until("BackupStorageLocation velero/default to be Available", Duration.ofMinutes(3), () -> {
            String phase = Kubectl.ok("-n", VELERO, "get", "backupstoragelocations.velero.io", "default",
                    "-o", "jsonpath={.status.phase}").strip();
            return "Available".equals(phase) ? ClusterWait.Outcome.done(phase) : ClusterWait.Outcome.pending("phase " + phase);
        });
        String helperConfig = Kubectl.ok("-n", VELERO, "get", "configmaps", "-l", "velero.io/pod-volume-restore=RestoreItemAction",
                "-o", "name").strip();
        if (helperConfig.isEmpty()) {
            throw new AssertionError("no restore-helper ConfigMap in namespace velero: k8s/addons/install.sh pins the helper image "
                    + "by digest and gives it a restricted securityContext, without which Ward's admission rules deny the restored pods");
        }
    }

    @Test
    void aRestoredNamespaceServesItsPatientsAndKeepsErasedSubjectsErased() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (KeycloakIdentities keycloak = KeycloakIdentities.open(run)) {
            KeycloakIdentities.Identity clinician = keycloak.user("clinician", "north");
            KeycloakIdentities.Identity erasedBeforeBackup = keycloak.user("patient", null);
            KeycloakIdentities.Identity erasedAfterBackup = keycloak.user("patient", null);
            KeycloakIdentities.Identity dpo = keycloak.user("dpo", null);
            KeycloakIdentities.Identity auditor = keycloak.user("auditor", null);

            String kept;
            String gone;
            String neverBackedUp;
            try (Api api = Api.open(keycloak)) {
                kept = api.createPatient(clinician, "kp" + run, null);
                neverBackedUp = api.createPatient(clinician, "eb" + run, erasedBeforeBackup.username());
                gone = api.createPatient(clinician, "ea" + run, erasedAfterBackup.username());
                api.erase(erasedBeforeBackup, dpo, clinician, neverBackedUp);
            }
            String backup = backUp("ward-drill-" + run);
            try (Api api = Api.open(keycloak)) {
                api.erase(erasedAfterBackup, dpo, clinician, gone);
            }
            loseNamespaceAndVolumes();
            restore(backup, backup + "-restore");
            WardRelease.awaitReady();

            try (Api api = Api.open(keycloak)) {
                // Velero's post-restore hook loads the dump once records-db is ready; patient-api may be
                // ready a little earlier, on the empty schema it migrated itself.
                HttpResponse<String> restored = ClusterWait.until("patient-api to serve the restored patient",
                        Duration.ofMinutes(3), () -> {
                            HttpResponse<String> response = api.get(clinician, "/api/v1/patients/" + kept);
                            return response.statusCode() == 200 ? ClusterWait.Outcome.done(response)
                                    : ClusterWait.Outcome.pending("HTTP " + response.statusCode() + ": " + response.body());
                        });
                assertThat(Api.json(restored).path("identifier").asText()).isEqualTo("MRN-kp" + run);
                HttpResponse<String> erased = api.get(clinician, "/api/v1/patients/" + gone);
                assertThat(erased.statusCode()).as("subject erased after the backup: %s", erased.body()).isEqualTo(410);
                HttpResponse<String> absent = api.get(clinician, "/api/v1/patients/" + neverBackedUp);
                assertThat(absent.statusCode()).as("subject erased before the backup: %s", absent.body()).isEqualTo(404);
                // The restore lost the events written after the backup, so the audit anchor in OpenBao names a
                // checkpoint the restored database does not have: verify names the lost range and the sealer
                // stops (issue 18). The operator's step once that is recorded: re-anchor on the restored chain.
                reAnchorAuditTrail();
                HttpResponse<String> verify = ClusterWait.until("the re-anchored audit trail to verify", Duration.ofMinutes(2), () -> {
                    HttpResponse<String> response = api.get(auditor, "/api/v1/audit-events/verify");
                    return response.statusCode() == 200 && Api.json(response).path("valid").asBoolean()
                            ? ClusterWait.Outcome.done(response)
                            : ClusterWait.Outcome.pending("HTTP " + response.statusCode() + ": " + response.body());
                });
                assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
                assertThat(Api.json(verify).path("valid").asBoolean()).as("restored audit trail: %s", verify.body()).isTrue();
            }
        }
    }

    /** A Backup with the spec of the chart's Schedule template (TTL shortened: a drill's backup is not kept a month). */
    static String backUp(String name) {
        JsonNode schedule = WardRelease.json("-n", VELERO, "get", "schedules.velero.io", SCHEDULE, "-o", "json");
        ObjectNode backup = WardRelease.JSON.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Backup");
        ObjectNode metadata = backup.putObject("metadata").put("name", name).put("namespace", VELERO);
        metadata.putObject("labels").put(OWNER.split("=")[0], OWNER.split("=")[1]);
        JsonNode template = schedule.path("spec").path("template");
        assertThat(template.isObject()).as("spec.template of Schedule velero/%s", SCHEDULE).isTrue();
        ObjectNode spec = template.deepCopy();
        backup.set("spec", spec.put("ttl", "24h0m0s"));
        Kubectl.okWithInput(backup.toString(), "create", "-f", "-");
        awaitVelero("backups.velero.io", name, Duration.ofMinutes(15));
        assertVolumesMoved("podvolumebackups.velero.io", "velero.io/backup-name=" + name);
        return name;
    }

    static void restore(String backup, String name) {
        ObjectNode restore = WardRelease.JSON.createObjectNode().put("apiVersion", "velero.io/v1").put("kind", "Restore");
        ObjectNode metadata = restore.putObject("metadata").put("name", name).put("namespace", VELERO);
        metadata.putObject("labels").put(OWNER.split("=")[0], OWNER.split("=")[1]);
        restore.putObject("spec").put("backupName", backup).putArray("includedNamespaces").add(WardRelease.NAMESPACE);
        Kubectl.okWithInput(restore.toString(), "create", "-f", "-");
        awaitVelero("restores.velero.io", name, Duration.ofMinutes(20));
        assertVolumesMoved("podvolumerestores.velero.io", "velero.io/restore-name=" + name);
    }

    /** Deletes namespace ward and then the volumes its claims leave behind (Released, reclaim policy Retain). */
    /**
     * docs/design/encryption-and-audit.md, after a restore: delete the audit anchor with OpenBao's admin
     * (dev root) token, which patient-api's policy cannot; the next sealing round anchors the restored chain.
     */
    static void reAnchorAuditTrail() {
        String token = new String(java.util.Base64.getDecoder().decode(
                Kubectl.ok("-n", "openbao", "get", "secret", "openbao-dev-root", "-o", "jsonpath={.data.token}").strip()),
                java.nio.charset.StandardCharsets.UTF_8);
        Kubectl.okWithInput(token, "-n", "openbao", "exec", "-i", "openbao-0", "--", "sh", "-c",
                "BAO_TOKEN=$(cat) BAO_ADDR=http://127.0.0.1:8200 bao kv metadata delete ward-audit-anchor/head");
    }

    static void loseNamespaceAndVolumes() {
        List<String> volumes = new ArrayList<>();
        for (JsonNode pv : WardRelease.json("get", "persistentvolumes", "-o", "json").path("items")) {
            if (WardRelease.NAMESPACE.equals(pv.path("spec").path("claimRef").path("namespace").asText())) {
                volumes.add(pv.path("metadata").path("name").asText());
            }
        }
        assertThat(volumes).as("volumes of namespace ward (records-db data and backup)").isNotEmpty();
        Kubectl.ok("delete", "namespace", WardRelease.NAMESPACE, "--wait=false");
        ClusterWait.until("namespace ward to be deleted", Duration.ofMinutes(10), () -> {
            Kubectl.Result namespace = Kubectl.run("get", "namespace", WardRelease.NAMESPACE, "-o", "jsonpath={.status.phase}");
            return namespace.exitCode() != 0 ? ClusterWait.Outcome.done(true) : ClusterWait.Outcome.pending("phase " + namespace.stdout());
        });
        for (String volume : volumes) {
            Kubectl.ok("delete", "persistentvolume", volume, "--ignore-not-found", "--wait=false");
        }
        ClusterWait.until("the namespace's volumes to be deleted", Duration.ofMinutes(3), () -> {
            List<String> left = new ArrayList<>();
            for (String volume : volumes) {
                if (Kubectl.run("get", "persistentvolume", volume).exitCode() == 0) {
                    left.add(volume);
                }
            }
            return left.isEmpty() ? ClusterWait.Outcome.done(true) : ClusterWait.Outcome.pending("still there: " + left);
        });
    }

    /** Waits for a Backup or Restore to reach Completed; a failed phase fails the test at once with Velero's status. */
    static void awaitVelero(String resource, String name, Duration timeout) {
        ClusterWait.until(resource + " " + name + " to complete", timeout, () -> {
            JsonNode status = WardRelease.json("-n", VELERO, "get", resource, name, "-o", "json").path("status");
            String phase = status.path("phase").asText();
            if ("Completed".equals(phase)) {
                return ClusterWait.Outcome.done(status);
            }
            if (FAILED_PHASES.contains(phase)) {
                throw new AssertionError(resource + " " + name + " ended " + phase + ": " + status
                        + " (details: kubectl -n velero logs deploy/velero | grep " + name + ")");
            }
            return ClusterWait.Outcome.pending("phase " + (phase.isEmpty() ? "(none yet)" : phase) + ", status " + status);
        });
    }

    /** The database dump's volume went through the node agent (Kopia): at least one completed pod volume operation, none failed. */
    static void assertVolumesMoved(String resource, String selector) {
        List<String> phases = new ArrayList<>();
        WardRelease.json("-n", VELERO, "get", resource, "-l", selector, "-o", "json").path("items")
                .forEach(item -> phases.add(item.path("spec").path("volume").asText() + "=" + item.path("status").path("phase").asText()));
        assertThat(phases).as("%s of %s", resource, selector).isNotEmpty().allMatch(phase -> phase.endsWith("=Completed"));
    }

    /** patient-api through a port-forward to its Service, as the identities of one drill. */
    record Api(Kubectl.PortForward forward, KeycloakIdentities keycloak, HttpClient http) implements AutoCloseable {

        static Api open(KeycloakIdentities keycloak) {
            return new Api(Kubectl.portForward(WardRelease.NAMESPACE, "svc/" + WardRelease.PATIENT_API, 8080), keycloak,
                    HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }

        String createPatient(KeycloakIdentities.Identity clinician, String marker, String account) {
            String body = """
                    {"identifier":"MRN-%1$s","name":{"family":"Family%1$s","given":["Given%1$s"]},"birthDate":"1980-02-29",
                     "sex":"female","telecom":"tel:+27-555-0100","address":"1 Drill Lane"%2$s}
                    """.formatted(marker, account == null ? "" : ",\"accountUsername\":\"" + account + "\"");
            return created(send("POST", "/api/v1/patients", clinician, body), "create patient " + marker);
        }

        /** The subject asks for erasure, the DPO approves; the clinician then no longer finds the record. */
        void erase(KeycloakIdentities.Identity subject, KeycloakIdentities.Identity dpo, KeycloakIdentities.Identity clinician,
                String patientId) {
            String request = created(send("POST", "/api/v1/me/erasure-requests", subject, ""), "erasure request");
            HttpResponse<String> decision = send("POST", "/api/v1/erasure-requests/" + request + "/decision", dpo,
                    "{\"decision\":\"APPROVE\",\"reason\":\"Restore drill: the subject asked, no retention duty applies.\"}");
            assertThat(decision.statusCode()).as("DPO approves erasure: %s", decision.body()).isEqualTo(200);
            assertThat(get(clinician, "/api/v1/patients/" + patientId).statusCode()).as("erased record, read live").isEqualTo(404);
        }

        HttpResponse<String> get(KeycloakIdentities.Identity identity, String path) {
            return send("GET", path, identity, null);
        }

        HttpResponse<String> send(String method, String path, KeycloakIdentities.Identity identity, String body) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(forward.url(path)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + keycloak.token(identity))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " through the port-forward failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        static String created(HttpResponse<String> response, String what) {
            assertThat(response.statusCode()).as("%s: %s", what, response.body()).isEqualTo(201);
            return json(response).path("id").asText();
        }

        static JsonNode json(HttpResponse<String> response) {
            try {
                return WardRelease.JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("patient-api answered no JSON: " + response.body(), e);
            }
        }

        @Override
        public void close() {
            forward.close();
        }
    }
}
