package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {

    private static final String FIXTURES = "src/test/resources/fixtures/";
    private static final String NON_COMPLIANT_POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: app
            spec:
              containers:
                - name: app
                  image: registry.example/ward/app:1.0.0
            """;

    @Test
    void noInputIsAUsageError() {
        CliRun run = CliRun.of("audit");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required parameter");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(CliRun.of("audit", "--colour", "x.yaml").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unknownFormatIsAUsageError() {
        assertThat(CliRun.of("audit", "--format", "xml", FIXTURES).exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unknownFrameworkIsAUsageError() {
        CliRun run = CliRun.of("audit", "--framework", "sox", FIXTURES);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown framework 'sox'");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void missingFileIsAnErrorNamingTheFile() {
        CliRun run = CliRun.of("audit", "does-not-exist.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("does-not-exist.yaml").doesNotContain("Exception");
    }

    @Test
    void unreadableFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("manifest.yaml"), NON_COMPLIANT_POD);
        // chmod cannot make a file unreadable for root (CI containers), but reading "below" a
        // regular file fails with an I/O error on every platform and user.
        CliRun run = CliRun.of("audit", file.resolve("child.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).startsWith("ward-kit: ").contains("child.yaml: cannot read");
    }

    @Test
    void invalidYamlIsAnError() {
        CliRun run = CliRun.withStdin("kind: Pod\nmetadata: [unclosed\n", "audit", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("<stdin>:2: invalid YAML");
    }

    @Test
    void documentWithoutKindIsAnError() {
        CliRun run = CliRun.withStdin("just: a map\n", "audit", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains("document 1 is not a Kubernetes object");
    }

    @Test
    void readsStdinAndReportsFindingWithPathToFix() {
        CliRun run = CliRun.withStdin(NON_COMPLIANT_POD, "audit", "-");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).contains("WARD-POL-001 <stdin> Pod/default/app: container \"app\" must run as non-root")
                .contains("set spec.securityContext.runAsNonRoot to true");
    }

    @Test
    void emptyDocumentsAndListsAreHandled() {
        String input = """
                ---
                ---
                # only a comment
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: Pod
                    metadata:
                      name: app
                    spec:
                      containers:
                        - name: app
                          image: registry.example/ward/app:1.0.0
                ---
                """;
        CliRun run = CliRun.withStdin(input, "audit", "--format", "json", "-");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode findings = parse(run.out()).path("findings");
        // The Pod inside the List is audited: one finding from each control it breaks (it has no
        // host access and no env, so POL-006 and POL-011 pass; its default ServiceAccount mounts a token;
        // it cannot be classified, so it may hold PHI and needs STRICT mTLS).
        assertThat(findings).extracting(f -> f.path("controlId").asText() + " " + f.path("kind").asText())
                .containsExactly("WARD-ENC-003 Pod", "WARD-IAM-005 Pod", "WARD-NET-001 Namespace", "WARD-POL-001 Pod", "WARD-POL-002 Pod", "WARD-POL-003 Pod",
                        "WARD-POL-004 Pod", "WARD-POL-005 Pod", "WARD-POL-007 Pod", "WARD-POL-008 Pod", "WARD-POL-009 Pod");
    }

    @Test
    void textReportSummarisesControlsAndFrameworks() {
        CliRun run = CliRun.withStdin(NON_COMPLIANT_POD, "audit", "-");
        assertThat(run.out())
                .containsPattern("WARD-POL-001 +FAIL .*\\(1 finding\\)")
                .containsPattern("WARD-NET-001 +FAIL .*\\(1 finding\\)")
                .containsPattern("WARD-ENC-002 +NOT_APPLICABLE")
                .containsPattern("WARD-AUD-001 +NOT_CHECKED")
                .containsPattern("WARD-POL-006 +PASS ")
                // Unclassified, so possibly PHI: never NOT_APPLICABLE for want of Ward's label (issue 19).
                .containsPattern("WARD-ENC-003 +FAIL .*\\(1 finding\\)")
                .containsPattern("hipaa +15\\.4% \\(2/13\\)")
                .contains("11 findings");
    }

    @Test
    void jsonReportCarriesFindingsControlsAndFrameworkScores() {
        CliRun run = CliRun.of("audit", "--format", "json", FIXTURES + "WARD-ENC-002/fail-no-storage-class.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        JsonNode report = parse(run.out());
        JsonNode finding = report.path("findings").get(0);
        assertThat(finding.path("controlId").asText()).isEqualTo("WARD-ENC-002");
        assertThat(finding.path("path").asText()).isEqualTo("spec.storageClassName");
        assertThat(finding.path("name").asText()).isEqualTo("records-db-data");
        JsonNode enc002 = withId(report.path("controls"), "WARD-ENC-002");
        assertThat(enc002.path("status").asText()).isEqualTo("FAIL");
        assertThat(enc002.path("mappings").path("hipaa").get(0).path("clause").asText()).isEqualTo("164.312(a)(2)(iv)");
        JsonNode gdpr = withId(report.path("frameworks"), "gdpr");
        assertThat(gdpr.path("checked").asInt()).isEqualTo(1);
        assertThat(gdpr.path("percent").asDouble()).isEqualTo(0.0);
    }

    @Test
    void frameworkOptionLimitsMappingsAndScores() {
        CliRun run = CliRun.of("audit", "--format", "json", "--framework", "popia",
                FIXTURES + "WARD-ENC-002/pass-aws-ebs-encrypted.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        JsonNode report = parse(run.out());
        assertThat(report.path("frameworks")).hasSize(1);
        assertThat(report.path("frameworks").get(0).path("id").asText()).isEqualTo("popia");
        assertThat(report.path("frameworks").get(0).path("percent").asDouble()).isEqualTo(100.0);
        assertThat(withId(report.path("controls"), "WARD-ENC-002").path("mappings").fieldNames()).toIterable().containsExactly("popia");
    }

    @Test
    void outputOptionWritesTheReportToAFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.json");
        CliRun run = CliRun.of("audit", "--format", "json", "--output", report.toString(),
                FIXTURES + "WARD-ENC-002/pass-aws-ebs-encrypted.yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        assertThat(parse(Files.readString(report)).path("findings")).isEmpty();
    }

    @Test
    void directoriesAreReadRecursivelyAndOutputIsDeterministic() {
        CliRun first = CliRun.of("audit", FIXTURES);
        CliRun second = CliRun.of("audit", FIXTURES);
        assertThat(first.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(first.out()).isEqualTo(second.out()).contains("fail-cronjob-uid-zero.yaml");
    }

    @Test
    void namespaceOptionAppliesToObjectsWithoutOne() {
        String pod = NON_COMPLIANT_POD;
        CliRun run = CliRun.withStdin(pod, "audit", "--namespace", "ward", "-");
        assertThat(run.out()).contains("Pod/ward/app").contains("namespace \"ward\" runs workloads");
    }

    private static JsonNode withId(JsonNode entries, String id) {
        for (JsonNode entry : entries) {
            if (entry.path("id").asText().equals(id)) {
                return entry;
            }
        }
        throw new AssertionError("no entry " + id + " in " + entries);
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new AssertionError("output is not JSON: " + json, e);
        }
    }
}
