package health.ward.patient;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ward-kit evidence fixture, tier 3 (service). Only real annotations count: not this comment's
 * @Tag("WARD-POL-011"), nor the strings below.
 */
@io.quarkus.test.junit.QuarkusTest
class FakeServiceTest {

    static final String NOT_A_TAG = "@Tag(\"WARD-POL-011\") class Fake { void m() {} }";
    static final String BLOCK = """
            @Tag("WARD-POL-011")
            class Inside { void m() { } }
            """;
    static final java.util.function.Supplier<String> INITIALIZER = () -> { return String.valueOf('{'); };

    // @Tag("WARD-POL-011") in a comment, with a stray }
    @Test
    @Tag("WARD-IAM-003")
    @org.junit.jupiter.api.Tag(value = "WARD-IAM-005")
    void grantsAreNarrow() {
        String unbalanced = "}}}";
    }

    // Its fake report marks it <skipped/>: a skipped proof must show as not run, never as passed.
    @Test
    @Tag("WARD-NET-001")
    void skippedProof() {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a", "b"})
    @Tag("WARD-NET-003")
    void parameterised(String value) {
        Runnable r = new Runnable() {
            @Override
            public void run() {
            }
        };
    }

    @Test
    @Tag("WARD-NET-004")
    void notInTheReports() {
    }

    @Test
    @Tags({@Tag("WARD-AUD-003"), @Tag("slow")})
    void taggedThroughTags() {
    }

    @Test
    @Tag("WARD-FAKE-999")
    void tagOfNoControl() {
    }
}
