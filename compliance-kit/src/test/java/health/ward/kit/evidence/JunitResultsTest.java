package health.ward.kit.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.evidence.JunitResults.NamedControl;
import health.ward.kit.evidence.JunitResults.TestCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading JUnit XML: the method of a reported name, and the control a parameterised invocation names. */
class JunitResultsTest {

    @Test
    void anInvocationNamesItsControlOnlyByTheDocumentedConvention() {
        // As Surefire writes it (no space before a display name starting with "["), and with one.
        assertThat(named("fixtureAuditsAsItsNameSays(String, Path)[WARD-POL-001] pass-minimal.yaml"))
                .contains(new NamedControl("WARD-POL-001", "[WARD-POL-001] pass-minimal.yaml"));
        assertThat(named("fixtureAuditsAsItsNameSays(String, Path) [WARD-POL-001] pass-minimal.yaml"))
                .contains(new NamedControl("WARD-POL-001", "[WARD-POL-001] pass-minimal.yaml"));
        assertThat(named("check(String) [WARD-GDPR-002]")).contains(new NamedControl("WARD-GDPR-002", "[WARD-GDPR-002]"));
        // JUnit's default "[n] args", the legacy "method(Type)[n]", IDs elsewhere in the name, tagless names: no claim.
        assertThat(named("fixtureAuditsAsItsNameSays(Path)[1] src/test/resources/fixtures/WARD-POL-001/pass-x.yaml")).isEmpty();
        assertThat(named("fixtureAuditsAsItsNameSays(String, Path)[\"WARD-POL-001\"] pass-x.yaml")).isEmpty();
        assertThat(named("fixtureAuditsAsItsNameSays(Path)[1]")).isEmpty();
        assertThat(named("check(String) see [WARD-POL-001]")).isEmpty();
        assertThat(named("[WARD-POL-001] no method")).isEmpty();
        assertThat(named("plain")).isEmpty();
        assertThat(new TestCase("a.B", "check(String) [WARD-POL-001] x", ProofStatus.PASSED, "").method()).isEqualTo("check");
    }

    @Test
    void surefireAndEngineReportsAreReadAlike(@TempDir Path dir) throws Exception {
        Path xml = Files.writeString(dir.resolve("TEST-x.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="x" tests="3">
                  <testcase name="fixtureAuditsAsItsNameSays(String, Path)[WARD-POL-004] fail-adds-net-admin.yaml"
                      classname="health.ward.kit.check.FixtureTest" time="0.01"><failure message="no"/></testcase>
                  <testcase name="test_x" classname="opa.ward-pol-004-drop-all-capabilities" time="0"
                      file="compliance-kit/policies/src/ward-pol-004-drop-all-capabilities/src_test.rego" line="7"/>
                  <testcase name="pods/example-allowed" classname="gator.ward-pol-004-drop-all-capabilities" time="0"
                      file="compliance-kit/policies/library/ward-pol-004-drop-all-capabilities/suite.yaml"><skipped/></testcase>
                </testsuite>
                """);
        JunitResults.Results results = JunitResults.read(List.of(xml));
        assertThat(results.files()).isEqualTo(1);
        assertThat(results.cases()).containsExactly(
                new TestCase("health.ward.kit.check.FixtureTest",
                        "fixtureAuditsAsItsNameSays(String, Path)[WARD-POL-004] fail-adds-net-admin.yaml", ProofStatus.FAILED, ""),
                new TestCase("opa.ward-pol-004-drop-all-capabilities", "test_x", ProofStatus.PASSED,
                        "compliance-kit/policies/src/ward-pol-004-drop-all-capabilities/src_test.rego:7"),
                new TestCase("gator.ward-pol-004-drop-all-capabilities", "pods/example-allowed", ProofStatus.SKIPPED,
                        "compliance-kit/policies/library/ward-pol-004-drop-all-capabilities/suite.yaml"));
    }

    private static Optional<NamedControl> named(String name) {
        return new TestCase("a.B", name, ProofStatus.PASSED, "").namedControl();
    }
}
