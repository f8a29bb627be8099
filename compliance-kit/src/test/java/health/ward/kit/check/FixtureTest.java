package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.ward.kit.cli.CliRun;
import health.ward.kit.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: fixtures/<control id>/pass-*.yaml must audit clean and fail-*.yaml must fail
 * that control and only that control, so each fixture proves exactly one thing.
 */
class FixtureTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(Files::isRegularFile).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureAuditsAsItsNameSays(Path fixture) throws IOException {
        String controlId = fixture.getParent().getFileName().toString();
        String name = fixture.getFileName().toString();
        assertThat(name).as("fixture naming convention").matches("(pass|fail)-[a-z0-9-]+\\.yaml");

        CliRun run = CliRun.of("audit", "--format", "json", fixture.toString());
        assertThat(run.err()).isEmpty();
        JsonNode findings = new ObjectMapper().readTree(run.out()).path("findings");
        if (name.startsWith("pass-")) {
            assertThat(run.exitCode()).as("exit code; findings: %s", findings).isEqualTo(ExitCodes.OK);
            assertThat(findings).isEmpty();
        } else {
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
            assertThat(findings).isNotEmpty().allSatisfy(finding -> {
                assertThat(finding.path("controlId").asText()).isEqualTo(controlId);
                assertThat(finding.path("file").asText()).isEqualTo(fixture.toString());
                assertThat(finding.path("path").asText()).isNotBlank();
                assertThat(finding.path("message").asText()).isNotBlank();
            });
        }
    }
}
