package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AdmissionConstraintsTest {

    @Test
    void constraintKindsAreExactlyThoseOfTheLibraryTemplates() throws IOException {
        Map<String, String> fromLibrary = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("policies/library"))) {
            for (Path dir : dirs.toList()) {
                String text = Files.readString(dir.resolve("template.yaml"));
                Matcher id = Pattern.compile("ward\\.health/control-id: (\\S+)").matcher(text);
                Matcher kind = Pattern.compile("\\n {8}kind: (Ward[A-Za-z]+)\\n").matcher(text);
                assertThat(id.find() && kind.find()).as(dir.toString()).isTrue();
                fromLibrary.put(id.group(1), kind.group(1));
            }
        }
        assertThat(new TreeMap<>(AdmissionConstraints.KIND_BY_CONTROL)).isEqualTo(fromLibrary);
    }

    @Test
    void everyControlWithAConstraintKindHasAChecker() {
        assertThat(Checks.byControlId().keySet()).containsAll(AdmissionConstraints.KIND_BY_CONTROL.keySet());
    }
}
