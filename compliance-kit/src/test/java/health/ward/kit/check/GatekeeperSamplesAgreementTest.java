package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a control has both a Gatekeeper template and a Java checker, the two must agree. This
 * runs the checker over the template's library samples and holds it to gator's suite.yaml: the
 * same violation count and messages matching the same regexes. A sample whose constraint sets
 * parameters is skipped, since an audit has no constraint parameters.
 */
class GatekeeperSamplesAgreementTest {

    private static final Path LIBRARY = Path.of("policies/library");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Controls whose checker deliberately judges differently at audit time, and why. */
    private static final Map<String, String> DIFFERENT_BY_DESIGN = Map.of(
            "WARD-ENC-002", "admission trusts the class names in a parameter; the audit inspects the StorageClass objects");

    record SuiteCase(Path library, String controlId, String object, JsonNode assertion) {
        @Override
        public String toString() {
            return library.getFileName() + "/" + object;
        }
    }

    static Stream<Arguments> suiteCases() throws IOException {
        List<SuiteCase> cases = new ArrayList<>();
        List<Path> libraries;
        try (Stream<Path> dirs = Files.list(LIBRARY)) {
            libraries = dirs.sorted().toList();
        }
        for (Path library : libraries) {
            String controlId = YAML.readTree(library.resolve("template.yaml").toFile())
                    .path("metadata").path("annotations").path("ward.health/control-id").asText();
            if (!Checks.byControlId().containsKey(controlId) || DIFFERENT_BY_DESIGN.containsKey(controlId)) {
                continue;
            }
            JsonNode suite = YAML.readTree(library.resolve("suite.yaml").toFile());
            for (JsonNode test : suite.path("tests")) {
                JsonNode constraint = YAML.readTree(library.resolve(test.path("constraint").asText()).toFile());
                if (!constraint.path("spec").path("parameters").isMissingNode()) {
                    continue;
                }
                for (JsonNode c : test.path("cases")) {
                    for (JsonNode assertion : c.path("assertions")) {
                        cases.add(new SuiteCase(library, controlId, c.path("object").asText(), assertion));
                    }
                }
            }
        }
        assertThat(cases).extracting(SuiteCase::controlId).contains("WARD-POL-001", "WARD-POL-002", "WARD-POL-007");
        return cases.stream().map(c -> Arguments.of(c.controlId(), c));
    }

    // "[control id] sample": `ward-kit evidence` counts each invocation for its control.
    @ParameterizedTest(name = "[{0}] {1}", quoteTextArguments = false)
    @MethodSource("suiteCases")
    void javaCheckerMatchesTheGatorSuite(String controlId, SuiteCase suiteCase) throws InputException {
        List<Resource> resources = new ResourceReader("default", InputStream.nullInputStream())
                .read(List.of(suiteCase.library().resolve(suiteCase.object()).toString()));
        List<Finding> findings = Checks.byControlId().get(controlId).check(resources);

        JsonNode assertion = suiteCase.assertion();
        List<Finding> counted = findings;
        if (assertion.has("message")) {
            Pattern message = Pattern.compile(assertion.path("message").asText());
            counted = findings.stream().filter(f -> message.matcher(f.message()).find()).toList();
        }
        JsonNode violations = assertion.path("violations");
        if (violations.isBoolean() || "no".equals(violations.asText()) || "yes".equals(violations.asText())) {
            boolean expected = violations.isBoolean() ? violations.booleanValue() : "yes".equals(violations.asText());
            assertThat(!counted.isEmpty()).as("findings %s", findings).isEqualTo(expected);
        } else {
            assertThat(counted).as("findings %s", findings).hasSize(violations.asInt());
        }
    }
}
