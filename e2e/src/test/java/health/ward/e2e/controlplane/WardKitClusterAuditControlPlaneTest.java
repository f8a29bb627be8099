package health.ward.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardChart;
import health.ward.e2e.cluster.WardRelease;
import health.ward.testing.RepoPaths;

/**
 * {@code ward-kit audit --cluster} against a real API server: the release {@link WardPlatform}
 * installed is audited through the API (read-only list calls, the kubeconfig of the control plane)
 * and compared with the audit of the same render read from a file. Live, the release has no finding
 * and every control the file audit passed is checked; a deliberately insecure Deployment in a namespace
 * of this test (which the release's Constraints do not police) is found, so the comparison is not
 * between two audits that see nothing.
 */
@Tag("control-plane")
@ExtendWith(LocalControlPlane.class)
class WardKitClusterAuditControlPlaneTest {

    static final String SCRATCH = "ward-cp-kit";
    static final Path WARD_KIT = RepoPaths.root().resolve("compliance-kit/bin/ward-kit");

    @BeforeAll
    static void anInsecureDeploymentElsewhere() {
        WardRelease.ensureNamespace(SCRATCH);
        Kubectl.okWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: tagged-root-app, namespace: %s}
                spec:
                  selector: {matchLabels: {app: tagged-root-app}}
                  template:
                    metadata: {labels: {app: tagged-root-app}}
                    spec:
                      containers:
                        - {name: app, image: "registry.example/app:latest"}
                """.formatted(SCRATCH), "apply", "-f", "-");
    }

    @AfterAll
    static void removeScratch() {
        Kubectl.run("delete", "namespace", SCRATCH, "--ignore-not-found", "--wait=false");
    }

    @Test
    void theLiveReleaseAuditsLikeItsRenderAndTheInsecureDeploymentIsFound() throws IOException {
        Path rendered = Files.createTempFile("ward-release-", ".yaml");
        try {
            Files.writeString(rendered, WardChart.render(), StandardCharsets.UTF_8);
            JsonNode fromFile = wardKit(List.of("audit", rendered.toString(), "--format", "json"));
            JsonNode live = wardKit(List.of("audit", "--cluster", "--kubeconfig", LocalControlPlane.env("KUBECONFIG"),
                    "--format", "json"));

            assertThat(fromFile.path("findings")).as("findings of the render read from a file").isEmpty();
            List<String> releaseFindings = new ArrayList<>();
            List<String> scratchFindings = new ArrayList<>();
            for (JsonNode finding : live.path("findings")) {
                String where = finding.path("controlId").asText() + " " + finding.path("kind").asText() + " "
                        + finding.path("namespace").asText() + "/" + finding.path("name").asText() + ": " + finding.path("message").asText();
                if (WardRelease.NAMESPACE.equals(finding.path("namespace").asText())) {
                    releaseFindings.add(where);
                } else if (SCRATCH.equals(finding.path("namespace").asText()) && "tagged-root-app".equals(finding.path("name").asText())) {
                    scratchFindings.add(finding.path("controlId").asText());
                }
            }
            assertThat(releaseFindings).as("findings on the installed release, read through the API").isEmpty();
            assertThat(scratchFindings).as("controls the insecure Deployment fails, read through the API")
                    .contains("WARD-POL-001", "WARD-POL-007");

            Map<String, String> fileStatus = statuses(fromFile);
            Map<String, String> liveStatus = statuses(live);
            List<String> unseenLive = new ArrayList<>();
            fileStatus.forEach((control, status) -> {
                String seen = liveStatus.get(control);
                if ("PASS".equals(status) && ("NOT_CHECKED".equals(seen) || "NOT_APPLICABLE".equals(seen) || seen == null)) {
                    unseenLive.add(control + " (file PASS, live " + seen + ")");
                }
            });
            assertThat(unseenLive).as("controls the file audit checked that the cluster audit could not").isEmpty();
        } finally {
            Files.deleteIfExists(rendered);
        }
    }

    private static Map<String, String> statuses(JsonNode audit) {
        Map<String, String> statuses = new TreeMap<>();
        audit.path("controls").forEach(c -> statuses.put(c.path("id").asText(), c.path("status").asText()));
        return statuses;
    }

    /** ward-kit's JSON report; exit 0 (clean) and 3 (findings) are both answers, anything else fails. */
    private static JsonNode wardKit(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(WARD_KIT.toString()));
        command.addAll(args);
        Path out = Files.createTempFile("ward-kit-", ".json");
        Path err = Files.createTempFile("ward-kit-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("ward-kit " + args + " did not finish within 3 min");
            }
            int exit = process.exitValue();
            assertThat(exit).as("ward-kit %s exit code; stderr: %s", args, Files.readString(err)).isIn(0, 3);
            return WardRelease.JSON.readTree(out.toFile());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
