package health.ward.kit.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.evidence.JunitResults.Results;
import health.ward.kit.evidence.JunitResults.TestCase;
import health.ward.kit.evidence.TestSources.TestClass;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Attribution of results that carry their control in the report rather than in a tag: policy-engine
 * cases (tier 1, through the catalogue's enforcement.gatekeeper) and parameterised invocations
 * named "[control id] ...". What claims a control but cannot be tied to one is kept, not dropped.
 */
class EvidenceReportTest {

    private static final Catalogue CATALOGUE = Catalogue.load();
    private static final String FIXTURE_TEST = "health.ward.kit.check.FixtureTest";
    private static final Map<String, TestClass> SOURCES = Map.of(FIXTURE_TEST, new TestClass(FIXTURE_TEST,
            "compliance-kit/src/test/java/health/ward/kit/check/FixtureTest.java", Set.of(), Map.of(),
            Set.of("fixtureAuditsAsItsNameSays")));
    private static final Results NO_TESTS = new Results(List.of(), 0);

    @Test
    void anEngineCaseProvesTheControlWhoseGatekeeperTemplateIsItsPolicys() {
        EvidenceReport report = build(NO_TESTS, engines(
                engine("opa.ward-pol-003-no-privilege-escalation", "test_samples_are_loaded", ProofStatus.PASSED),
                engine("gator.ward-pol-003-no-privilege-escalation", "containers/example-allowed", ProofStatus.PASSED)));
        ControlEvidence control = control(report, "WARD-POL-003");
        assertThat(control.result()).isEqualTo(EvidenceResult.PROVEN);
        assertThat(control.tier()).isEqualTo(Tier.POLICY_ENGINE);
        assertThat(control.tier().describe()).isEqualTo("1 policy engine (opa test, gator verify)");
        assertThat(control.proofs()).extracting(Proof::test, Proof::via).containsExactly(
                tuple("gator.ward-pol-003-no-privilege-escalation#containers/example-allowed",
                        "catalogue enforcement.gatekeeper"),
                tuple("opa.ward-pol-003-no-privilege-escalation#test_samples_are_loaded",
                        "catalogue enforcement.gatekeeper"));
        assertThat(control.proofs()).extracting(Proof::shortName)
                .containsExactly("gator containers/example-allowed", "opa test_samples_are_loaded");
        assertThat(control.proofs().get(1).source())
                .isEqualTo("compliance-kit/policies/src/ward-pol-003-no-privilege-escalation/src_test.rego:16");
        assertThat(report.engineReportFiles()).isEqualTo(1);
        assertThat(report.engineCases()).isEqualTo(2);
        assertThat(report.failed()).isFalse();
    }

    @Test
    void aFailedEngineCaseFailsItsControlBesideAPassAtAHigherTier() {
        Results tests = new Results(List.of(invocation("WARD-POL-005", "pass-runtime-default.yaml", ProofStatus.PASSED)), 1);
        EvidenceReport report = build(tests, engines(
                engine("opa.ward-pol-005-seccomp-runtime-default", "test_samples_are_loaded", ProofStatus.PASSED),
                engine("gator.ward-pol-005-seccomp-runtime-default", "pod-level/example-disallowed-unset", ProofStatus.FAILED)));
        ControlEvidence control = control(report, "WARD-POL-005");
        assertThat(control.result()).isEqualTo(EvidenceResult.FAILED);
        assertThat(control.tier()).isEqualTo(Tier.POLICY_ENGINE);
        assertThat(control.failing()).extracting(Proof::test)
                .containsExactly("gator.ward-pol-005-seccomp-runtime-default#pod-level/example-disallowed-unset");
        assertThat(control.proofs().get(0).tier()).isEqualTo(Tier.WARD_KIT);
        assertThat(report.failed()).isTrue();
    }

    @Test
    void aResultReportedTwiceIsOneProofThatFailsIfEitherFailed() {
        EvidenceReport report = build(NO_TESTS, engines(
                engine("opa.ward-pol-003-no-privilege-escalation", "test_x", ProofStatus.PASSED),
                engine("opa.ward-pol-003-no-privilege-escalation", "test_x", ProofStatus.FAILED)));
        assertThat(control(report, "WARD-POL-003").proofs()).singleElement()
                .extracting(Proof::status).isEqualTo(ProofStatus.FAILED);
    }

    @Test
    void anInvocationNamingItsControlProvesItAtTheTierOfItsClass() {
        Results tests = new Results(List.of(
                invocation("WARD-POL-004", "pass-drop-all.yaml", ProofStatus.PASSED),
                invocation("WARD-POL-004", "fail-adds-net-admin.yaml", ProofStatus.PASSED),
                invocation("WARD-POL-001", "fail-run-as-root.yaml", ProofStatus.FAILED),
                new TestCase(FIXTURE_TEST, "fixtureAuditsAsItsNameSays(String, Path)[3] not-a-control.yaml", ProofStatus.FAILED, "")), 1);
        EvidenceReport report = build(tests, engines());
        ControlEvidence dropAll = control(report, "WARD-POL-004");
        assertThat(dropAll.result()).isEqualTo(EvidenceResult.PROVEN);
        assertThat(dropAll.tier()).isEqualTo(Tier.WARD_KIT);
        assertThat(dropAll.proofs()).extracting(Proof::shortName).containsExactly(
                "FixtureTest#fixtureAuditsAsItsNameSays [WARD-POL-004] fail-adds-net-admin.yaml",
                "FixtureTest#fixtureAuditsAsItsNameSays [WARD-POL-004] pass-drop-all.yaml");
        assertThat(dropAll.proofs()).extracting(Proof::via).containsOnly("control in invocation name");
        assertThat(control(report, "WARD-POL-001").result()).isEqualTo(EvidenceResult.FAILED);
        // "[3]" is JUnit's invocation index, not a control: the case claims nothing.
        assertThat(report.unattributed()).isEmpty();
    }

    @Test
    void whatClaimsAControlButCannotBeTiedToOneIsReportedAndAFailureThereFailsTheRun() {
        Results tests = new Results(List.of(
                invocation("WARD-FAKE-999", "pass-x.yaml", ProofStatus.PASSED),
                new TestCase("health.ward.elsewhere.GoneTest", "check(String)[WARD-POL-004] y.yaml", ProofStatus.PASSED, "")), 1);
        EvidenceReport report = build(tests, engines(
                engine("opa.shared", "test_helper", ProofStatus.PASSED),
                new TestCase("gator", "gator exited 1 without a failing result", ProofStatus.FAILED, "")));
        assertThat(report.unattributed()).extracting(Unattributed::test, Unattributed::status, Unattributed::reason)
                .containsExactly(
                        tuple("gator#gator exited 1 without a failing result", ProofStatus.FAILED,
                                "names no policy"),
                        tuple("health.ward.elsewhere.GoneTest#check [WARD-POL-004] y.yaml",
                                ProofStatus.PASSED, "names WARD-POL-004 but health.ward.elsewhere.GoneTest is no test source of "
                                        + "compliance-kit, e2e, patient-api, records-db"),
                        tuple(FIXTURE_TEST + "#fixtureAuditsAsItsNameSays [WARD-FAKE-999] pass-x.yaml",
                                ProofStatus.PASSED, "WARD-FAKE-999 in the invocation name is no catalogue control"),
                        tuple("opa.shared#test_helper", ProofStatus.PASSED,
                                "no catalogue control has enforcement.gatekeeper policies/library/shared/template.yaml"));
        assertThat(report.has(EvidenceResult.FAILED)).isFalse();
        assertThat(report.failed()).isTrue();
        assertThat(control(report, "WARD-POL-004").result()).isEqualTo(EvidenceResult.UNPROVEN);
    }

    @Test
    void withoutEngineReportsTierOneIsMissingAndSaysSo() {
        EvidenceReport report = build(NO_TESTS, new Results(List.of(), 0));
        assertThat(report.warnings()).contains("no policy-engine reports: tier 1 (opa test, gator verify) is not in this "
                + "report; make test-policies writes them to compliance-kit/target/policy-reports");
        assertThat(build(NO_TESTS, engines()).warnings()).isEmpty();
    }

    @Test
    void theCatalogueNamesThePolicyOfEveryGatekeeperControl() {
        assertThat(PolicyEngines.controlsByPolicy(CATALOGUE)).containsEntry("ward-pol-001-run-as-non-root", "WARD-POL-001")
                .containsEntry("ward-enc-002-encrypted-storage-class", "WARD-ENC-002").hasSize(11);
        assertThat(PolicyEngines.policy("opa.ward-pol-001-run-as-non-root")).contains("ward-pol-001-run-as-non-root");
        assertThat(PolicyEngines.policy("gator")).isEmpty();
        assertThat(PolicyEngines.policy("conftest.ward-pol-001-run-as-non-root")).isEmpty();
        assertThat(PolicyEngines.policy("opa.")).isEmpty();
    }

    private static EvidenceReport build(Results tests, Results engines) {
        return EvidenceReport.build(CATALOGUE, SOURCES, tests, engines, List.of());
    }

    private static Results engines(TestCase... cases) {
        return new Results(List.of(cases), 1);
    }

    private static TestCase engine(String className, String name, ProofStatus status) {
        String policy = className.substring(className.indexOf('.') + 1);
        String file = className.startsWith("opa.") ? "compliance-kit/policies/src/" + policy + "/src_test.rego:16"
                : "compliance-kit/policies/library/" + policy + "/suite.yaml";
        return new TestCase(className, name, status, file);
    }

    /** A FixtureTest invocation as Surefire reports it with phrased method names. */
    private static TestCase invocation(String controlId, String fixture, ProofStatus status) {
        return new TestCase(FIXTURE_TEST, "fixtureAuditsAsItsNameSays(String, Path)[" + controlId + "] " + fixture, status, "");
    }

    private static ControlEvidence control(EvidenceReport report, String id) {
        return report.controls().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }
}
