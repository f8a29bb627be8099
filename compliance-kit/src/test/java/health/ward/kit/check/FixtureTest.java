package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.report.AuditReport;
import health.ward.kit.report.ControlStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden fixtures: fixtures/<control id>/pass-*.yaml must pass that control and fail-*.yaml must
 * fail it, with the control's checker run alone (as kubescape runs one rule per test). Judging
 * each fixture by its own control only keeps fixtures small: with a dozen pod-security checkers,
 * requiring every fixture to satisfy all of them would bury the one field each fixture is about.
 * Each invocation is named "[control id] file", so `ward-kit evidence` counts it for that control.
 */
class FixtureTest {

    static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    private static final Catalogue CATALOGUE = Catalogue.load();

    static Stream<Arguments> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(FIXTURES)) {
            return files.filter(Files::isRegularFile).sorted()
                    .map(f -> Arguments.of(f.getParent().getFileName().toString(), Named.of(f.getFileName().toString(), f)))
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "[{0}] {1}", quoteTextArguments = false)
    @MethodSource("fixtures")
    void fixtureAuditsAsItsNameSays(String controlId, Path fixture) throws InputException {
        String name = fixture.getFileName().toString();
        assertThat(name).as("fixture naming convention").matches("(pass|fail)-[a-z0-9-]+\\.yaml");
        Check check = Checks.byControlId().get(controlId);
        assertThat(check).as("checker of %s", controlId).isNotNull();

        List<Resource> resources = new ResourceReader("default", InputStream.nullInputStream()).read(List.of(fixture.toString()));
        AuditReport report = AuditReport.run(CATALOGUE, Map.of(controlId, check), resources, Optional.empty());
        ControlStatus status = report.controls().stream().filter(c -> c.id().equals(controlId)).findFirst().orElseThrow().status();
        if (name.startsWith("pass-")) {
            assertThat(report.findings()).as("findings").isEmpty();
            assertThat(status).isEqualTo(ControlStatus.PASS);
        } else {
            assertThat(status).isEqualTo(ControlStatus.FAIL);
            assertThat(report.findings()).isNotEmpty().allSatisfy(finding -> {
                assertThat(finding.controlId()).isEqualTo(controlId);
                assertThat(finding.file()).isEqualTo(fixture.toString());
                assertThat(finding.path()).isNotBlank();
                assertThat(finding.message()).isNotBlank();
            });
        }
    }
}
