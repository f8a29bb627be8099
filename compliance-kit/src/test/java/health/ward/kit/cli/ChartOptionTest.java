package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --chart renders with the project's pinned helm (bin/helm, installed by `make tools`). */
class ChartOptionTest {

    private static final String CHART = "src/test/resources/charts/mini";
    private static final Path REPO_HELM = Path.of("../bin/helm").toAbsolutePath().normalize();

    @Test
    void rendersTheChartWithTheGivenValuesAndAuditsIt() {
        assertThat(Files.isExecutable(REPO_HELM)).as("bin/helm must be installed (make tools; make test does it): a missing helm fails, never skips").isTrue();
        CliRun secure = CliRun.withEnv(helmAt(REPO_HELM.toString()), "audit", "--chart", CHART);
        assertThat(secure.exitCode()).as(secure.out() + secure.err()).isEqualTo(ExitCodes.OK);

        CliRun insecure = CliRun.withEnv(helmAt(REPO_HELM.toString()), "audit", "--namespace", "ward", "--chart", CHART,
                "--values", CHART + "/values-insecure.yaml");
        assertThat(insecure.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(insecure.out()).contains("WARD-POL-002 " + CHART + " (rendered) Pod/ward/ward-app")
                .contains("set spec.containers[0].securityContext.readOnlyRootFilesystem to true");
    }

    @Test
    void helmFailureIsAnErrorWithHelmsMessage() {
        assertThat(Files.isExecutable(REPO_HELM)).as("bin/helm must be installed (make tools; make test does it): a missing helm fails, never skips").isTrue();
        CliRun run = CliRun.withEnv(helmAt(REPO_HELM.toString()), "audit", "--chart", CHART, "--values",
                CHART + "/values-broken.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("helm template " + CHART + " failed").contains("failRendering is set");
    }

    @Test
    void missingHelmIsAClearError() {
        CliRun run = CliRun.withEnv(helmAt("/nonexistent/helm"), "audit", "--chart", CHART);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("helm not found: set WARD_HELM").doesNotContain("Exception");
    }

    @Test
    void valuesWithoutChartIsAUsageError() {
        CliRun run = CliRun.of("audit", "--values", CHART + "/values.yaml", "src/test/resources/fixtures");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--values needs --chart");
    }

    private static Map<String, String> helmAt(String path) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(HelmRenderer.HELM_ENV, path);
        return env;
    }
}
