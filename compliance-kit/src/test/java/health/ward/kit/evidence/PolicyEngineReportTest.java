package health.ward.kit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.InputException;
import health.ward.kit.evidence.JunitResults.Results;
import health.ward.kit.evidence.JunitResults.TestCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract between policies/engine-report.py (run by make test-policies) and ward-kit evidence:
 * the script turns canned `opa test --format=json` and `gator verify -v` output into the JUnit XML
 * that the evidence fixture (evidence/policy-reports) holds and that {@link PolicyEngines} attributes.
 * Needs python3, as make test-policies does; a missing python3 fails, never skips.
 */
class PolicyEngineReportTest {

    private static final Path POLICIES = Path.of("policies").toAbsolutePath();
    private static final Path ENGINES = Path.of("src/test/resources/evidence/engines").toAbsolutePath();
    private static final Path FIXTURE = Path.of("src/test/resources/evidence/policy-reports");

    @TempDir
    Path out;

    @Test
    void opaResultsBecomeTheFixtureReport() throws Exception {
        Path xml = convert("opa", ENGINES.resolve("opa.json"), 2);
        assertThat(read(xml)).isEqualTo(read(FIXTURE.resolve("TEST-opa.xml")));
        assertThat(read(xml)).contains(new TestCase("opa.ward-pol-005-seccomp-runtime-default",
                "test_pod_level_runtime_default_covers_every_container", ProofStatus.FAILED,
                "compliance-kit/policies/src/ward-pol-005-seccomp-runtime-default/src_test.rego:20"));
    }

    @Test
    void gatorCasesAndTestsThatFailedBeforeTheirCasesBecomeTheFixtureReport() throws Exception {
        Path xml = convert("gator", ENGINES.resolve("gator.txt"), 1);
        List<TestCase> cases = read(xml);
        assertThat(cases).isEqualTo(read(FIXTURE.resolve("TEST-gator.xml")));
        assertThat(cases).extracting(TestCase::name).containsExactly("containers/example-allowed",
                "containers/example-disallowed", "pod-level/example-allowed", "pod-level/example-disallowed-unset",
                "container-overrides-pod");
        assertThat(cases).filteredOn(c -> c.status() == ProofStatus.FAILED).extracting(TestCase::className)
                .containsOnly("gator.ward-pol-005-seccomp-runtime-default");
    }

    @Test
    void aRunThatFailedWithoutAFailingResultIsOneFailureOfNoPolicyAndFailsTheEvidence() throws Exception {
        Path xml = convert("gator", ENGINES.resolve("gator-error.txt"), 1);
        List<TestCase> cases = read(xml);
        assertThat(cases).singleElement().satisfies(c -> {
            assertThat(c.className()).isEqualTo("gator");
            assertThat(c.status()).isEqualTo(ProofStatus.FAILED);
        });
        assertThat(Files.readString(xml)).contains("Error: listing test files: invalid yaml");
        EvidenceReport report = EvidenceReport.build(Catalogue.load(), Map.of(), new Results(List.of(), 0),
                new Results(cases, 1), List.of());
        assertThat(report.unattributed()).extracting(Unattributed::status).containsExactly(ProofStatus.FAILED);
        assertThat(report.failed()).isTrue();
    }

    @Test
    void unreadableOpaOutputIsAFailureEvenWithExitCodeZero() throws Exception {
        Path broken = Files.writeString(out.resolve("opa.json"), "not json");
        assertThat(read(convert("opa", broken, 0))).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("opa output unreadable");
            assertThat(c.status()).isEqualTo(ProofStatus.FAILED);
        });
    }

    private Path convert(String engine, Path input, int exitCode) throws IOException, InterruptedException {
        Path xml = out.resolve("TEST-" + engine + ".xml");
        Process process = new ProcessBuilder("python3", POLICIES.resolve("engine-report.py").toString(), engine,
                input.toString(), "--exit-code", Integer.toString(exitCode), "--output", xml.toString())
                .directory(POLICIES.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).startsWith("engine-report: " + engine + ": ");
        return xml;
    }

    private static List<TestCase> read(Path xml) throws InputException {
        return JunitResults.read(List.of(xml)).cases();
    }
}
