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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Each report format parses as what it claims to be and carries the audit's results. */
class ReportFormatsTest {

    // Findings from several controls (POL-001 and NET-001 among them) and passes from others.
    private static final String INPUT = "src/test/resources/fixtures/WARD-POL-001";
    private static final Pattern OSCAL_UUID =
            Pattern.compile("^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$");
    private static final int CONTROLS = Catalogue.load().controls().size();

    @Test
    void sarifHasTheRequiredStructureAndEveryResultNamesAKnownRule() throws IOException {
        CliRun run = CliRun.of("audit", "--format", "sarif", INPUT);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode sarif = json(run.out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run0 = sarif.path("runs").get(0);
        assertThat(run0.path("tool").path("driver").path("name").asText()).isEqualTo("ward-kit");
        JsonNode rules = run0.path("tool").path("driver").path("rules");
        assertThat(rules).hasSize(CONTROLS);
        Set<String> ruleIds = new HashSet<>();
        rules.forEach(rule -> {
            assertThat(ruleIds.add(rule.path("id").asText())).as("unique rule id").isTrue();
            assertThat(rule.path("shortDescription").path("text").asText()).isNotBlank();
            assertThat(rule.path("help").path("text").asText()).isNotBlank();
        });
        JsonNode results = run0.path("results");
        assertThat(results).isNotEmpty();
        for (JsonNode result : results) {
            String ruleId = result.path("ruleId").asText();
            assertThat(rules.get(result.path("ruleIndex").asInt()).path("id").asText()).isEqualTo(ruleId);
            assertThat(result.path("level").asText()).isIn("error", "warning", "note");
            assertThat(result.path("message").path("text").asText()).isNotBlank();
            assertThat(result.path("locations").get(0).path("physicalLocation").path("artifactLocation").path("uri").asText())
                    .startsWith(INPUT);
            assertThat(result.path("properties").path("path").asText()).isNotBlank();
            assertThat(result.path("properties").path("clauses")).isNotEmpty();
        }
    }

    @Test
    void sarifWithFrameworkTagsOnlyThatFramework() throws IOException {
        JsonNode sarif = json(CliRun.of("audit", "--format", "sarif", "--framework", "popia", INPUT).out());
        for (JsonNode rule : sarif.path("runs").get(0).path("tool").path("driver").path("rules")) {
            rule.path("properties").path("tags").forEach(tag ->
                    assertThat(tag.asText()).matches("compliance|popia .+"));
        }
    }

    @Test
    void junitIsWellFormedWithOneTestcasePerControl() throws Exception {
        CliRun run = CliRun.of("audit", "--format", "junit", INPUT);
        Document xml = parseXml(run.out());
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        NodeList cases = xml.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(CONTROLS).isEqualTo(Integer.parseInt(suite.getAttribute("tests")));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < cases.getLength(); i++) {
            assertThat(ids.add(((Element) cases.item(i)).getAttribute("name").split(" ")[0])).isTrue();
        }
        int failures = xml.getElementsByTagName("failure").getLength();
        assertThat(failures).isPositive().isEqualTo(Integer.parseInt(suite.getAttribute("failures")));
        assertThat(xml.getElementsByTagName("skipped").getLength()).isEqualTo(Integer.parseInt(suite.getAttribute("skipped")));
        assertThat(run.out()).contains("WARD-POL-001 Containers run as non-root");
    }

    @Test
    void htmlIsOneWellFormedFileWithABarPerFramework() throws Exception {
        CliRun run = CliRun.of("audit", "--format", "html", "--framework", "hipaa", INPUT);
        // Self-contained: nothing to fetch, nothing to run.
        assertThat(run.out()).doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("url(");
        Document html = parseXml(run.out().replaceFirst("<!DOCTYPE html>", ""));
        NodeList rects = html.getElementsByTagName("rect");
        List<String> bars = new java.util.ArrayList<>();
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if ("bar".equals(rect.getAttribute("class"))) {
                bars.add(rect.getAttribute("data-framework"));
            }
        }
        assertThat(bars).containsExactly("hipaa");
        assertThat(html.getElementsByTagName("tr").getLength()).as("header + controls + header + findings")
                .isGreaterThan(CONTROLS + 2);
        CliRun all = CliRun.of("audit", "--format", "html", INPUT);
        assertThat(all.out().split("class=\"bar\"", -1)).hasSize(5);
    }

    @Test
    void oscalAssessmentResultsHaveTheTopLevelStructureAndLinkedObservations() throws IOException {
        JsonNode oscal = json(CliRun.of("audit", "--format", "oscal", INPUT).out()).path("assessment-results");
        assertThat(oscal.path("uuid").asText()).matches(OSCAL_UUID);
        assertThat(oscal.path("metadata").path("oscal-version").asText()).isEqualTo("1.1.2");
        assertThat(oscal.path("metadata").path("title").asText()).isNotBlank();
        assertThat(oscal.path("metadata").path("last-modified").asText()).isNotBlank();
        assertThat(oscal.path("import-ap").path("href").asText()).isNotBlank();
        JsonNode result = oscal.path("results").get(0);
        assertThat(result.path("start").asText()).isNotBlank();
        assertThat(result.path("reviewed-controls").path("control-selections").get(0).path("include-controls")).hasSize(CONTROLS);
        Set<String> observations = new HashSet<>();
        for (JsonNode observation : result.path("observations")) {
            assertThat(observation.path("uuid").asText()).matches(OSCAL_UUID);
            assertThat(observation.path("methods").get(0).asText()).isEqualTo("TEST");
            observations.add(observation.path("uuid").asText());
        }
        assertThat(observations).isNotEmpty();
        Set<String> linked = new HashSet<>();
        for (JsonNode finding : result.path("findings")) {
            assertThat(finding.path("uuid").asText()).matches(OSCAL_UUID);
            assertThat(finding.path("target").path("status").path("state").asText()).isIn("satisfied", "not-satisfied");
            finding.path("related-observations").forEach(r -> linked.add(r.path("observation-uuid").asText()));
        }
        assertThat(linked).isEqualTo(observations);
    }

    @Test
    void failUnderGatesOnTheFrameworkScoreInsteadOfOnAnyFinding() {
        assertThat(CliRun.of("audit", "--fail-under", "0", INPUT).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(CliRun.of("audit", "--fail-under", "100", INPUT).exitCode()).isEqualTo(ExitCodes.FINDINGS);
        CliRun bad = CliRun.of("audit", "--fail-under", "101", INPUT);
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--fail-under must be between 0 and 100");
    }

    @Test
    void everyFormatCanBeWrittenToAFile(@TempDir Path dir) throws IOException {
        for (String format : List.of("text", "json", "sarif", "junit", "html", "oscal")) {
            Path file = dir.resolve("report." + format);
            CliRun run = CliRun.of("audit", "--format", format, "--output", file.toString(), INPUT);
            assertThat(run.exitCode()).as(format).isEqualTo(ExitCodes.FINDINGS);
            assertThat(run.out()).as(format).isEmpty();
            assertThat(Files.readString(file)).as(format).contains("WARD-POL-001");
        }
    }

    private static JsonNode json(String text) throws IOException {
        return new ObjectMapper().readTree(text);
    }

    private static Document parseXml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
