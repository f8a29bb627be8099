package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/**
 * `ward-kit audit --waivers FILE` (issue 19): a finding accepted on purpose is shown as waived in
 * every format and counted as waived in the score; an expired waiver, one that matches nothing, or
 * an invalid file fails the run with exit 1 and one clear line.
 */
class WaiversTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // Only WARD-NET-003 fails on this input: a PHI Service of type LoadBalancer, and nothing else to judge.
    private static final String EXPOSED = """
            apiVersion: v1
            kind: Service
            metadata:
              name: intake
              namespace: clinic
              labels:
                ward.health/data-classification: phi
            spec:
              type: LoadBalancer
              selector:
                app: intake
              ports:
                - port: 443
            """;

    private static String waiver(String name, String expires) {
        return """
                waivers:
                  - control: WARD-NET-003
                    resource:
                      kind: Service
                      namespace: clinic
                      name: %s
                    reason: Partner intake endpoint behind the provider's WAF until the gateway migration (RR-12)
                    owner: platform-team@example.org
                    expires: %s
                """.formatted(name, expires);
    }

    private record Inputs(Path input, Path waivers) {
    }

    private static Inputs write(Path dir, String waivers) throws IOException {
        return new Inputs(Files.writeString(dir.resolve("exposed.yaml"), EXPOSED), Files.writeString(dir.resolve("waivers.yaml"), waivers));
    }

    private static CliRun audit(Inputs files, String format) {
        return CliRun.of("audit", "--format", format, "--waivers", files.waivers().toString(), files.input().toString());
    }

    @Test
    void withoutTheWaiverTheInputFails(@TempDir Path dir) throws IOException {
        Inputs files = write(dir, waiver("intake", "2999-12-31"));
        assertThat(CliRun.of("audit", files.input().toString()).exitCode()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void aValidWaiverShowsAsWaivedInTextAndCountsInTheScore(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "text");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("WAIVED WARD-NET-003 ")
                .contains("[waived until 2999-12-31 by platform-team@example.org: Partner intake endpoint")
                .containsPattern("WARD-NET-003 +WAIVED .*\\(1 waived\\)")
                .containsPattern("hipaa +100\\.0% \\(\\d+/\\d+, 1 waived\\)")
                .contains("0 findings, 1 waived");
    }

    @Test
    void aValidWaiverShowsAsWaivedInJson(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "json");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("findings")).isEmpty();
        JsonNode waived = report.path("waived").get(0);
        assertThat(waived.path("finding").path("name").asText()).isEqualTo("intake");
        assertThat(waived.path("waiver").path("owner").asText()).isEqualTo("platform-team@example.org");
        assertThat(waived.path("waiver").path("expires").asText()).isEqualTo("2999-12-31");
        JsonNode control = withId(report.path("controls"), "WARD-NET-003");
        assertThat(control.path("status").asText()).isEqualTo("WAIVED");
        assertThat(control.path("waived").asInt()).isEqualTo(1);
        assertThat(control.path("findings").asInt()).isZero();
    }

    @Test
    void aValidWaiverIsASarifSuppression(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "sarif");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode result = JSON.readTree(run.out()).path("runs").get(0).path("results").get(0);
        assertThat(result.path("ruleId").asText()).isEqualTo("WARD-NET-003");
        JsonNode suppression = result.path("suppressions").get(0);
        assertThat(suppression.path("kind").asText()).isEqualTo("external");
        assertThat(suppression.path("status").asText()).isEqualTo("accepted");
        assertThat(suppression.path("justification").asText()).startsWith("Partner intake endpoint");
        assertThat(suppression.path("properties").path("expires").asText()).isEqualTo("2999-12-31");
    }

    @Test
    void aValidWaiverIsAnOscalRemark(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "oscal");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        JsonNode result = JSON.readTree(run.out()).path("assessment-results").path("results").get(0);
        assertThat(result.path("observations").get(0).path("remarks").asText())
                .startsWith("Waived: waived until 2999-12-31 by platform-team@example.org");
        JsonNode finding = withTarget(result.path("findings"), "WARD-NET-003");
        assertThat(finding.path("target").path("status").path("state").asText()).isEqualTo("not-satisfied");
        assertThat(finding.path("remarks").asText()).startsWith("Every finding is waived (risk accepted).");
        assertThat(finding.path("related-observations")).hasSize(1);
    }

    @Test
    void aValidWaiverIsASkippedJunitCaseThatSaysWaived(@TempDir Path dir) throws Exception {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "junit");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(run.out())));
        Element testcase = element(xml, "testcase", "name", "WARD-NET-003 ");
        Element skipped = (Element) testcase.getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).startsWith("WAIVED: 1 finding waived");
        assertThat(skipped.getTextContent()).contains("WAIVED ").contains("Partner intake endpoint");
        assertThat(testcase.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void aValidWaiverIsMarkedInHtml(@TempDir Path dir) throws Exception {
        CliRun run = audit(write(dir, waiver("intake", "2999-12-31")), "html");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(run.out())));
        Element waived = element(html, "table", "id", "waived");
        assertThat(waived.getTextContent()).contains("WARD-NET-003").contains("Partner intake endpoint")
                .contains("platform-team@example.org").contains("2999-12-31");
        assertThat(run.out()).contains("WAIVED (1 waived)");
    }

    @Test
    void anExpiredWaiverFailsTheRunAndNoLongerApplies(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake", "2020-01-31")), "text");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("waiver 1 (WARD-NET-003 Service/clinic/intake) expired on 2020-01-31")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).contains("WARD-NET-003 ").doesNotContain("WAIVED WARD-NET-003").contains("1 finding");
    }

    @Test
    void aWaiverThatMatchesNothingFailsTheRun(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("intake-old", "2999-12-31")), "text");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("waiver 1 (WARD-NET-003 Service/clinic/intake-old) matches no finding");
    }

    @Test
    void globsInTheResourceSelectorMatch(@TempDir Path dir) throws IOException {
        CliRun run = audit(write(dir, waiver("in*", "2999-12-31")), "text");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("WAIVED WARD-NET-003 ");
    }

    @Test
    void anInvalidWaiversFileIsOneClearLine(@TempDir Path dir) throws IOException {
        Inputs missingOwner = write(dir, waiver("intake", "2999-12-31").replace("    owner: platform-team@example.org\n", ""));
        CliRun run = audit(missingOwner, "text");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err().strip()).isEqualTo("ward-kit: --waivers " + missingOwner.waivers() + ": waiver 1: 'owner' is required");

        Inputs unknownControl = write(dir, waiver("intake", "2999-12-31").replace("WARD-NET-003", "WARD-NET-999"));
        assertThat(audit(unknownControl, "text").err()).contains("waiver 1: control 'WARD-NET-999' is not in the catalogue");

        Inputs badDate = write(dir, waiver("intake", "next year"));
        assertThat(audit(badDate, "text").err()).contains("waiver 1: expires 'next year' is not a date (YYYY-MM-DD)");

        Inputs everything = write(dir, waiver("intake", "2999-12-31").replaceAll("(?s)    resource:.*?name: intake\n", "    resource: {}\n"));
        CliRun wide = audit(everything, "text");
        assertThat(wide.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(wide.err()).contains("'resource' must name at least one of kind, namespace, name");

        Inputs garbage = write(dir, "waivers: [unclosed\n");
        CliRun broken = audit(garbage, "text");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(broken.err()).contains("invalid YAML").doesNotContain("\tat ");
    }

    /** The first {@code tag} element whose {@code attribute} starts with {@code prefix}. */
    private static Element element(Document document, String tag, String attribute, String prefix) {
        for (int i = 0; i < document.getElementsByTagName(tag).getLength(); i++) {
            Element candidate = (Element) document.getElementsByTagName(tag).item(i);
            if (candidate.getAttribute(attribute).startsWith(prefix)) {
                return candidate;
            }
        }
        throw new AssertionError("no <" + tag + " " + attribute + "=\"" + prefix + "...\">");
    }

    private static JsonNode withId(JsonNode array, String id) {
        for (JsonNode node : array) {
            if (id.equals(node.path("id").asText())) {
                return node;
            }
        }
        throw new AssertionError("no " + id);
    }

    private static JsonNode withTarget(JsonNode findings, String id) {
        for (JsonNode node : findings) {
            if (id.equals(node.path("target").path("target-id").asText())) {
                return node;
            }
        }
        throw new AssertionError("no finding for " + id);
    }
}
