package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SARIF results point where code scanning can annotate (issue 19): the line of the field to fix
 * (the nearest present parent when the field is missing), the chart template of a rendered object,
 * fingerprints that survive lines moving, and the run's automationDetails category.
 */
class SarifLocationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURE = "src/test/resources/fixtures/WARD-POL-001/fail-container-overrides-pod.yaml";
    private static final Path REPO_HELM = Path.of("../bin/helm").toAbsolutePath().normalize();

    private static JsonNode run(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        return JSON.readTree(run.out()).path("runs").get(0);
    }

    private static JsonNode result(JsonNode run, String ruleId) {
        for (JsonNode result : run.path("results")) {
            if (ruleId.equals(result.path("ruleId").asText())) {
                return result;
            }
        }
        throw new AssertionError("no result for " + ruleId);
    }

    private static int startLine(JsonNode result) {
        return result.path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt();
    }

    @Test
    void aResultPointsAtTheLineOfItsFieldOrItsNearestParent() throws IOException {
        JsonNode run = run("audit", "--format", "sarif", FIXTURE);
        assertThat(run.path("automationDetails").path("id").asText()).isEqualTo("ward-kit/audit/");
        // runAsNonRoot: false is on line 20; readOnlyRootFilesystem is missing, so its securityContext (line 19).
        assertThat(startLine(result(run, "WARD-POL-001"))).isEqualTo(20);
        assertThat(startLine(result(run, "WARD-POL-002"))).isEqualTo(19);
        assertThat(result(run, "WARD-POL-001").path("locations").get(0).path("physicalLocation").path("artifactLocation")
                .path("uri").asText()).isEqualTo(FIXTURE);
    }

    @Test
    void fingerprintsSurviveLinesMovingAndLineNumbersFollowThem(@TempDir Path dir) throws IOException {
        Path moved = Files.writeString(dir.resolve("moved.yaml"), "# three lines\n# of comments\n# first\n" + Files.readString(Path.of(FIXTURE)));
        JsonNode before = result(run("audit", "--format", "sarif", FIXTURE), "WARD-POL-001");
        JsonNode after = result(run("audit", "--format", "sarif", moved.toString()), "WARD-POL-001");
        assertThat(startLine(after)).isEqualTo(startLine(before) + 3);
        assertThat(after.path("partialFingerprints").path("wardFinding/v1").asText())
                .hasSize(32).isEqualTo(before.path("partialFingerprints").path("wardFinding/v1").asText());
    }

    @Test
    void aRenderedObjectNamesItsTemplate(@TempDir Path dir) throws IOException {
        String rendered = "---\n# Source: ward/templates/extra.yaml\n# a comment helm keeps\n" + Files.readString(Path.of(FIXTURE));
        Path file = Files.writeString(dir.resolve("ward.yaml"), rendered);
        JsonNode result = result(run("audit", "--format", "sarif", file.toString()), "WARD-POL-001");
        assertThat(startLine(result)).isEqualTo(23);
        assertThat(result.path("relatedLocations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo("ward/templates/extra.yaml");
        assertThat(result.path("properties").path("template").asText()).isEqualTo("ward/templates/extra.yaml");
    }

    @Test
    void withChartTheResultPointsAtTheTemplateFile() throws IOException {
        assertThat(Files.isExecutable(REPO_HELM)).as("bin/helm must be installed (make tools; make test does it): a missing helm fails, never skips").isTrue();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("WARD_HELM", REPO_HELM.toString());
        String chart = "src/test/resources/charts/mini";
        CliRun run = CliRun.withEnv(env, "audit", "--format", "sarif", "--namespace", "ward", "--chart", chart,
                "--values", chart + "/values-insecure.yaml");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode result = result(JSON.readTree(run.out()).path("runs").get(0), "WARD-POL-002");
        assertThat(result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                .isEqualTo(chart + "/templates/pod.yaml");
    }
}
