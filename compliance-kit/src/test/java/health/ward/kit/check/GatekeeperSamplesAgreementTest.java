package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java checker and the Gatekeeper policy for WARD-POL-001 must agree. This runs the checker
 * over the policy library's samples and holds it to the same assertions as gator's suite.yaml:
 * the same violation count and a message matching the same regex.
 */
class GatekeeperSamplesAgreementTest {

    private static final Path LIBRARY = Path.of("policies/library/ward-pol-001-run-as-non-root");

    record SuiteCase(String object, JsonNode assertion) {
        @Override
        public String toString() {
            return object;
        }
    }

    static Stream<SuiteCase> suiteCases() throws IOException {
        JsonNode suite = new YAMLMapper().readTree(LIBRARY.resolve("suite.yaml").toFile());
        List<SuiteCase> cases = new ArrayList<>();
        for (JsonNode test : suite.path("tests")) {
            for (JsonNode c : test.path("cases")) {
                for (JsonNode assertion : c.path("assertions")) {
                    cases.add(new SuiteCase(c.path("object").asText(), assertion));
                }
            }
        }
        assertThat(cases).isNotEmpty();
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suiteCases")
    void javaCheckerMatchesTheGatorSuite(SuiteCase suiteCase) throws InputException {
        List<Resource> resources = new ResourceReader("default", java.io.InputStream.nullInputStream())
                .read(List.of(LIBRARY.resolve(suiteCase.object()).toString()));
        List<Finding> findings = new RunAsNonRootCheck().check(resources);

        JsonNode violations = suiteCase.assertion().path("violations");
        if (violations.isBoolean() || "no".equals(violations.asText()) || "yes".equals(violations.asText())) {
            boolean expected = violations.isBoolean() ? violations.booleanValue() : "yes".equals(violations.asText());
            assertThat(!findings.isEmpty()).as("findings %s", findings).isEqualTo(expected);
        } else {
            assertThat(findings).hasSize(violations.asInt());
        }
        if (suiteCase.assertion().has("message")) {
            Pattern message = Pattern.compile(suiteCase.assertion().path("message").asText());
            assertThat(findings).anyMatch(f -> message.matcher(f.message()).find());
        }
    }

}
