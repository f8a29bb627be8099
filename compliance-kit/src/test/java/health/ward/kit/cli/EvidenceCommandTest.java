package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.ward.kit.catalogue.Catalogue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * `ward-kit evidence` over a small fake repository (src/test/resources/evidence/repo): fake test
 * sources with tags and fake Surefire/Failsafe reports. Git ignores target/, so the fixture keeps
 * its reports under target_/ and each test copies it to a temporary repository with the real name.
 */
class EvidenceCommandTest {

    private static final Path FIXTURE = Path.of("src/test/resources/evidence");
    private static final String AUDIT = FIXTURE.resolve("chart-audit.json").toString();
    private static final String AUDIT_NAMESPACE = FIXTURE.resolve("chart-audit-namespace.json").toString();
    private static final Path POLICY_REPORTS = FIXTURE.resolve("policy-reports");
    private static final int CONTROLS = Catalogue.load().controls().size();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    @BeforeEach
    void copyFixtureRepository() throws IOException {
        Path from = FIXTURE.resolve("repo");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path to = repo.resolve(from.relativize(file).toString().replace("target_", "target"));
                Files.createDirectories(to.getParent());
                Files.copy(file, to);
            }
        }
    }

    @Test
    void eachControlGetsTheResultOfItsExecutedProofsAtTheHighestTier() throws IOException {
        CliRun run = evidence("--format", "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("controls")).hasSize(CONTROLS);
        Map<String, JsonNode> controls = byId(report);
        // Class-level tags (two on one class), and tier selection: records-db (3) over ward-kit (2).
        assertResult(controls, "WARD-ENC-002", "PROVEN", 3, "real PostgreSQL");
        assertThat(tests(controls.get("WARD-ENC-002"))).containsExactly(
                "health.ward.db.FakeSchemaTest#applicationRoleHasNoDdl PASSED",
                "health.ward.db.FakeSchemaTest#phiColumnsAreBytea PASSED",
                "health.ward.kit.FakeKitTest#podFixturesAudit PASSED",
                "health.ward.kit.FakeKitTest#storageClassFixturesAudit PASSED");
        assertResult(controls, "WARD-POL-001", "PROVEN", 2, "ward-kit");
        // Method-level tags, @Tag(value = ...), @Tags, parameterised invocations.
        assertResult(controls, "WARD-IAM-003", "PROVEN", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertThat(tests(controls.get("WARD-IAM-003"))).containsExactly("health.ward.patient.FakeServiceTest#grantsAreNarrow PASSED");
        assertResult(controls, "WARD-AUD-003", "PROVEN", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertThat(tests(controls.get("WARD-NET-003"))).containsExactly("health.ward.patient.FakeServiceTest#parameterised PASSED");
        // A failure and an error fail the control even beside passing proofs at the same or another tier.
        assertResult(controls, "WARD-IAM-005", "FAILED", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertThat(tests(controls.get("WARD-IAM-005"))).contains("health.ward.patient.FakeFailingTest#failingProof FAILED",
                "health.ward.patient.FakeServiceTest#grantsAreNarrow PASSED");
        assertResult(controls, "WARD-IAM-002", "FAILED", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        // Skipped, missing from the reports, and kind-only: written but not executed.
        assertResult(controls, "WARD-NET-001", "NOT_RUN", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertThat(tests(controls.get("WARD-NET-001"))).containsExactly("health.ward.patient.FakeServiceTest#skippedProof SKIPPED");
        assertThat(tests(controls.get("WARD-NET-004"))).containsExactly("health.ward.patient.FakeServiceTest#notInTheReports NOT_RUN");
        assertResult(controls, "WARD-NET-004", "NOT_RUN", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertResult(controls, "WARD-NET-002", "NOT_RUN", 4, "kind cluster");
        assertThat(tests(controls.get("WARD-NET-002")))
                .containsExactly("health.ward.e2e.kind.DatabaseReachabilityKindTest#onlyPatientApiReachesTheDatabasePort NOT_RUN");
        // The catalogue's enforcement.e2e class proves the control with every test, nested ones and failsafe's included.
        assertResult(controls, "WARD-GDPR-002", "PROVEN", 3, "local stack (packaged patient-api, PostgreSQL, OpenBao, Keycloak)");
        assertThat(tests(controls.get("WARD-GDPR-002")))
                .containsExactly("health.ward.e2e.local.ErasureRestoreTest#anErasedSubjectStaysErasedAfterARestore PASSED");
        assertThat(controls.get("WARD-GDPR-002").path("proofs").get(0).path("via").asText()).isEqualTo("catalogue enforcement.e2e");
        assertThat(tests(controls.get("WARD-AUD-001"))).containsExactly(
                "health.ward.e2e.local.ClinicianPathTest#clinicianReadsWithARealToken PASSED",
                "health.ward.e2e.local.ClinicianPathTest$Denials#anotherOrganizationIsDenied PASSED");
        assertThat(tests(controls.get("WARD-BCK-001")))
                .containsExactly("health.ward.e2e.local.ClinicianPathTest$Denials#anotherOrganizationIsDenied PASSED");
        // A catalogue e2e class that is in no report (nor in the sources): NOT_RUN, never PROVEN.
        assertResult(controls, "WARD-AUD-002", "NOT_RUN", 3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)");
        assertThat(tests(controls.get("WARD-AUD-002"))).containsExactly("health.ward.patient.audit.AuditTrailTest NOT_RUN");
        // Nothing at all: UNPROVEN, with the catalogue's plan; tags in comments and strings do not count.
        assertThat(controls.get("WARD-BCK-002").path("result").asText()).isEqualTo("UNPROVEN");
        assertThat(controls.get("WARD-BCK-002").path("tier").isNull()).isTrue();
        assertThat(controls.get("WARD-BCK-002").path("planned").asText()).contains("BackupStorageLocation");
        assertThat(controls.get("WARD-POL-011").path("result").asText()).isEqualTo("UNPROVEN");
        assertThat(controls.get("WARD-ENC-002").path("mappings").path("hipaa")).isNotEmpty();
        assertThat(report.path("summary").path("FAILED").asInt()).isEqualTo(2);
        assertThat(run.err()).contains("warning: patient-api/src/test/java/health/ward/patient/FakeServiceTest.java: "
                + "@Tag(\"WARD-FAKE-999\") names no catalogue control");
    }

    @Test
    void theChartAuditCountsAtTierTwoAndNeverLowersAHigherTier() throws IOException {
        CliRun run = evidence("--format", "json", "--audit", AUDIT);
        Map<String, JsonNode> controls = byId(JSON.readTree(run.out()));
        assertResult(controls, "WARD-POL-001", "PROVEN", 2, "chart audit");
        assertThat(tests(controls.get("WARD-POL-001"))).containsExactly("ward-kit audit of WARD-POL-001 (chart-audit.json) PASSED",
                "health.ward.kit.FakeKitTest#podFixturesAudit PASSED");
        assertResult(controls, "WARD-POL-002", "FAILED", 2, "chart audit");
        assertThat(controls.get("WARD-POL-002").path("proofs").get(0).path("via").asText()).isEqualTo("audit FAIL (2 findings)");
        // The kind test stays listed as not run; the audit proves the control here.
        assertResult(controls, "WARD-NET-002", "PROVEN", 2, "chart audit");
        assertThat(tests(controls.get("WARD-NET-002"))).containsExactly(
                "health.ward.e2e.kind.DatabaseReachabilityKindTest#onlyPatientApiReachesTheDatabasePort NOT_RUN",
                "ward-kit audit of WARD-NET-002 (chart-audit.json) PASSED");
        // Not checked and not applicable prove nothing.
        assertThat(controls.get("WARD-BCK-002").path("result").asText()).isEqualTo("UNPROVEN");
        assertThat(controls.get("WARD-POL-003").path("result").asText()).isEqualTo("UNPROVEN");
    }

    @Test
    void policyEngineCasesProveTheirControlsAtTierOneAndAFailedOneFailsIt() throws IOException {
        CliRun run = evidence("--format", "json", "--policy-reports", POLICY_REPORTS.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode report = JSON.readTree(run.out());
        Map<String, JsonNode> controls = byId(report);
        assertResult(controls, "WARD-POL-003", "PROVEN", 1, "policy engine (opa test, gator verify)");
        assertThat(tests(controls.get("WARD-POL-003"))).containsExactly(
                "gator.ward-pol-003-no-privilege-escalation#containers/example-allowed PASSED",
                "gator.ward-pol-003-no-privilege-escalation#containers/example-disallowed PASSED",
                "opa.ward-pol-003-no-privilege-escalation#test_explicit_false_everywhere_is_allowed PASSED",
                "opa.ward-pol-003-no-privilege-escalation#test_samples_are_loaded PASSED");
        assertThat(controls.get("WARD-POL-003").path("proofs").get(0).path("source").asText())
                .isEqualTo("compliance-kit/policies/library/ward-pol-003-no-privilege-escalation/suite.yaml");
        assertResult(controls, "WARD-POL-005", "FAILED", 1, "policy engine (opa test, gator verify)");
        assertThat(tests(controls.get("WARD-POL-005"))).contains(
                "gator.ward-pol-005-seccomp-runtime-default#container-overrides-pod FAILED",
                "opa.ward-pol-005-seccomp-runtime-default#todo_test_localhost_profiles SKIPPED");
        // A tier-1 proof never lowers a higher one: the ward-kit test still proves WARD-POL-001 at tier 2.
        assertResult(controls, "WARD-POL-001", "PROVEN", 2, "ward-kit");
        assertThat(report.path("unattributed")).singleElement().satisfies(u -> {
            assertThat(u.path("test").asText()).isEqualTo("opa.shared#test_helper");
            assertThat(u.path("reason").asText()).contains("policies/library/shared/template.yaml");
        });
        assertThat(report.path("inputs").path("policyEngineReportFiles").asInt()).isEqualTo(2);
        assertThat(report.path("inputs").path("policyEngineCases").asInt()).isEqualTo(11);
        assertThat(run.err()).doesNotContain("no policy-engine reports");
    }

    @Test
    void tierOneIsReadFromWhereMakeTestPoliciesWritesItAndAMissingDirectoryIsAnError() throws IOException {
        assertThat(evidence().err()).contains("warning: no policy-engine reports: tier 1 (opa test, gator verify)");
        Path reports = Files.createDirectories(repo.resolve("compliance-kit/target/policy-reports"));
        for (String file : List.of("TEST-opa.xml", "TEST-gator.xml")) {
            Files.copy(POLICY_REPORTS.resolve(file), reports.resolve(file));
        }
        CliRun run = evidence();
        assertThat(run.out()).contains("2 policy-engine reports (11 cases)")
                .contains("    PASSED   1 policy engine opa test_samples_are_loaded (catalogue enforcement.gatekeeper)")
                .contains("    FAILED   1 policy engine gator pod-level/example-disallowed-unset (catalogue enforcement.gatekeeper)")
                .contains("Not attributed to a control (they claim one; a failure here fails the run):\n"
                        + "    PASSED   opa.shared#test_helper (no catalogue control has enforcement.gatekeeper "
                        + "policies/library/shared/template.yaml)")
                .contains("  WARD-POL-003  PROVEN   tier 1 policy engine (opa test, gator verify)")
                .contains("  not attributed to a control: 1 result, 0 FAILED\n");
        assertThat(evidence("--format", "html").out()).contains("<ul id=\"unattributed\"><li class=\"green\" "
                + "data-status=\"PASSED\" title=\"compliance-kit/policies/src/shared/lib_test.rego:3\">PASSED opa.shared#test_helper");
        CliRun missing = evidence("--policy-reports", repo.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).contains("nowhere: no such directory");
    }

    @Test
    void eachRenderingAuditedIsAProofOfItsOwn() throws IOException {
        CliRun run = evidence("--format", "json", "--audit", AUDIT, "--audit", AUDIT_NAMESPACE);
        Map<String, JsonNode> controls = byId(JSON.readTree(run.out()));
        // Not applicable in one rendering, passed in the other.
        assertResult(controls, "WARD-POL-003", "PROVEN", 2, "chart audit");
        assertThat(tests(controls.get("WARD-POL-003"))).containsExactly("ward-kit audit of WARD-POL-003 (chart-audit-namespace.json) PASSED");
        assertThat(tests(controls.get("WARD-POL-001"))).contains("ward-kit audit of WARD-POL-001 (chart-audit.json) PASSED",
                "ward-kit audit of WARD-POL-001 (chart-audit-namespace.json) PASSED");
        assertResult(controls, "WARD-POL-002", "FAILED", 2, "chart audit");
        assertThat(JSON.readTree(run.out()).path("inputs").path("chartAudits")).hasSize(2);
    }

    @Test
    void theOutputOfWardKitAuditIsAcceptedAsItIs(@TempDir Path dir) throws IOException {
        Path audit = dir.resolve("audit.json");
        CliRun audited = CliRun.of("audit", "--format", "json", "--output", audit.toString(), "src/test/resources/fixtures/WARD-POL-001");
        assertThat(audited.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        Map<String, JsonNode> controls = byId(JSON.readTree(evidence("--format", "json", "--audit", audit.toString()).out()));
        assertResult(controls, "WARD-POL-001", "FAILED", 2, "chart audit");
    }

    @Test
    void anAuditFileOfAnotherShapeIsAnError(@TempDir Path dir) throws IOException {
        Path notAnAudit = Files.writeString(dir.resolve("x.json"), "{\"runs\": []}");
        CliRun run = evidence("--audit", notAnAudit.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("not the output of `ward-kit audit --format json`");
    }

    @Test
    void exitCodesSayWhetherAProofFailedAndOnRequestWhetherOneIsMissing() throws IOException {
        assertThat(evidence().exitCode()).isEqualTo(ExitCodes.FINDINGS);
        Files.delete(repo.resolve("patient-api/target/surefire-reports/TEST-health.ward.patient.FakeFailingTest.xml"));
        CliRun clean = evidence();
        assertThat(clean.exitCode()).as(clean.err()).isEqualTo(ExitCodes.OK);
        assertThat(clean.out()).contains("WARD-IAM-005  PROVEN");
        assertThat(evidence("--fail-on-unproven").exitCode()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void withoutReportsItSaysToRunTheTestsFirst() throws IOException {
        try (Stream<Path> files = Files.walk(repo)) {
            for (Path report : files.filter(p -> p.getFileName().toString().startsWith("TEST-")).toList()) {
                Files.delete(report);
            }
        }
        CliRun run = evidence();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("ward-kit: no JUnit reports").endsWith("run make test first")
                .doesNotContain("\n");
    }

    @Test
    void aMalformedReportIsNamed() throws IOException {
        Path broken = Files.writeString(repo.resolve("e2e/target/surefire-reports/TEST-broken.xml"), "<testsuite><testcase");
        CliRun run = evidence();
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(broken.getFileName().toString()).contains("not a JUnit XML report");
    }

    @Test
    void textListsProofsPerControlAndEndsWithTheSummary() {
        CliRun run = evidence("--audit", AUDIT);
        assertThat(run.out()).startsWith("Ward evidence: ward-kit ")
                .contains("6 JUnit reports (15 test cases), no policy-engine report, chart audit " + AUDIT)
                .contains("WARD-IAM-005  FAILED  ")
                .contains("  failing: FakeFailingTest#failingProof")
                .contains("    PASSED   3 PostgreSQL    FakeSchemaTest#phiColumnsAreBytea (@Tag on class)")
                .contains("    NOT_RUN  4 kind          DatabaseReachabilityKindTest#onlyPatientApiReachesTheDatabasePort "
                        + "(@Tag on class, catalogue enforcement.e2e)")
                .contains("no proof; planned: k8s add-on config for Velero")
                .contains("  clauses: gdpr Art. 32(1)(a)");
        String summary = run.out().substring(run.out().indexOf("\nSummary:\n"));
        assertThat(summary.lines().filter(l -> l.startsWith("  WARD-"))).hasSize(CONTROLS);
        assertThat(summary).contains("  WARD-NET-004  NOT_RUN  tier 3 service (real PostgreSQL + OpenBao; identity from "
                + "@TestSecurity) (written, not run)");
        assertThat(summary.strip().lines().reduce((a, b) -> b).orElseThrow())
                .matches(CONTROLS + " controls: \\d+ PROVEN, 3 FAILED, \\d+ NOT_RUN, \\d+ UNPROVEN");
        // The fixture's kind proofs are not run and it has no local-cluster proof: none on a real cluster.
        assertThat(summary).contains("proven on a real cluster (a node ran pods: local cluster or kind): 0 controls");
    }

    @Test
    void htmlShowsEveryControlWithoutAnExecutedProofInRed() throws Exception {
        CliRun run = evidence("--format", "html", "--audit", AUDIT);
        assertThat(run.out()).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(");
        Document html = parseXml(run.out().replaceFirst("<!DOCTYPE html>", ""));
        assertThat(html.getElementsByTagName("style").item(0).getTextContent())
                .contains(".green{color:#0a6b2d}").contains(".red{color:#a4161a;font-weight:bold}");
        Map<String, Element> results = new HashMap<>();
        NodeList cells = html.getElementsByTagName("td");
        for (int i = 0; i < cells.getLength(); i++) {
            Element cell = (Element) cells.item(i);
            if (cell.hasAttribute("data-result")) {
                results.put(((Element) cell.getParentNode()).getAttribute("id"), cell);
            }
        }
        assertThat(results).hasSize(CONTROLS);
        results.values().forEach(cell -> assertThat(cell.getAttribute("class"))
                .as(cell.getAttribute("data-result"))
                .isEqualTo(cell.getAttribute("data-result").equals("PROVEN") ? "green" : "red"));
        assertThat(results.get("WARD-BCK-002").getAttribute("data-result")).isEqualTo("UNPROVEN");
        assertThat(results.get("WARD-NET-001").getAttribute("data-result")).isEqualTo("NOT_RUN");
        assertThat(results.get("WARD-IAM-005").getAttribute("data-result")).isEqualTo("FAILED");
        assertThat(results.get("WARD-GDPR-002").getAttribute("data-result")).isEqualTo("PROVEN");
        Element row = (Element) results.get("WARD-BCK-002").getParentNode();
        assertThat(row.getTextContent()).contains("Backups are encrypted", "planned:", "gdpr Art. 32(1)(a)");
        Element summary = byId(html, "p", "summary");
        assertThat(summary.getTextContent()).contains(CONTROLS + " controls:", "3 FAILED", "UNPROVEN");
        NodeList spans = summary.getElementsByTagName("span");
        for (int i = 0; i < spans.getLength(); i++) {
            Element span = (Element) spans.item(i);
            assertThat(span.getAttribute("class")).isEqualTo(span.getAttribute("data-result").equals("PROVEN") ? "green" : "red");
        }
    }

    @Test
    void oscalHasAFindingPerControlSatisfiedOnlyWhenProvenAndAnObservationPerExecutedTest() throws IOException {
        JsonNode oscal = JSON.readTree(evidence("--format", "oscal", "--audit", AUDIT).out()).path("assessment-results");
        assertThat(oscal.path("metadata").path("oscal-version").asText()).isEqualTo("1.1.2");
        JsonNode result = oscal.path("results").get(0);
        assertThat(result.path("reviewed-controls").path("control-selections").get(0).path("include-controls")).hasSize(CONTROLS);
        Set<String> observations = new HashSet<>();
        for (JsonNode observation : result.path("observations")) {
            assertThat(observation.path("methods").get(0).asText()).isEqualTo("TEST");
            assertThat(prop(observation, "result")).isIn("PASSED", "FAILED");
            assertThat(observations.add(observation.path("uuid").asText())).as("one observation per test").isTrue();
        }
        // Executed proofs in the fixture: 12 test methods and 3 audit verdicts.
        assertThat(observations).hasSize(15);
        JsonNode findings = result.path("findings");
        assertThat(findings).hasSize(CONTROLS);
        Map<String, Integer> states = new HashMap<>();
        Set<String> linked = new HashSet<>();
        for (JsonNode finding : findings) {
            String ward = prop(finding, "result");
            JsonNode status = finding.path("target").path("status");
            assertThat(status.path("state").asText()).as(finding.path("title").asText())
                    .isEqualTo(ward.equals("PROVEN") ? "satisfied" : "not-satisfied");
            if (ward.equals("NOT_RUN") || ward.equals("UNPROVEN")) {
                assertThat(status.path("remarks").asText()).isEqualTo("no executed proof");
                assertThat(finding.has("related-observations")).isFalse();
            }
            states.merge(ward, 1, Integer::sum);
            finding.path("related-observations").forEach(r -> linked.add(r.path("observation-uuid").asText()));
        }
        assertThat(linked).isEqualTo(observations);
        assertThat(states).containsEntry("FAILED", 3).containsKeys("PROVEN", "NOT_RUN", "UNPROVEN");
    }

    @Test
    void everyFormatCanBeWrittenToAFile(@TempDir Path dir) throws IOException {
        for (String format : List.of("text", "json", "html", "oscal")) {
            Path file = dir.resolve("evidence." + format);
            CliRun run = evidence("--format", format, "-o", file.toString());
            assertThat(run.exitCode()).as(format).isEqualTo(ExitCodes.FINDINGS);
            assertThat(run.out()).as(format).isEmpty();
            assertThat(Files.readString(file)).as(format).contains("WARD-GDPR-002");
        }
    }

    private CliRun evidence(String... args) {
        List<String> all = new ArrayList<>(List.of("evidence", "--repo", repo.toString()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static Map<String, JsonNode> byId(JsonNode report) {
        Map<String, JsonNode> controls = new HashMap<>();
        report.path("controls").forEach(c -> controls.put(c.path("id").asText(), c));
        return controls;
    }

    private static void assertResult(Map<String, JsonNode> controls, String id, String result, int level, String label) {
        JsonNode control = controls.get(id);
        assertThat(control.path("result").asText()).as(id + " " + control).isEqualTo(result);
        assertThat(control.path("tier").path("level").asInt()).as(id + " tier").isEqualTo(level);
        assertThat(control.path("tier").path("label").asText()).as(id + " tier").isEqualTo(label);
    }

    private static List<String> tests(JsonNode control) {
        List<String> tests = new ArrayList<>();
        control.path("proofs").forEach(p -> tests.add(p.path("test").asText() + " " + p.path("status").asText()));
        return tests;
    }

    private static String prop(JsonNode node, String name) {
        for (JsonNode prop : node.path("props")) {
            if (prop.path("name").asText().equals(name)) {
                return prop.path("value").asText();
            }
        }
        return "";
    }

    private static Element byId(Document doc, String tag, String id) {
        NodeList elements = doc.getElementsByTagName(tag);
        for (int i = 0; i < elements.getLength(); i++) {
            if (id.equals(((Element) elements.item(i)).getAttribute("id"))) {
                return (Element) elements.item(i);
            }
        }
        throw new AssertionError("no <" + tag + " id=\"" + id + "\">");
    }

    private static Document parseXml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
