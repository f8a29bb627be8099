package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.catalogue.Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FixtureCoverageTest {

    @Test
    void everyCheckedControlHasPassAndFailFixtures() throws IOException {
        for (String id : Checks.byControlId().keySet()) {
            List<String> names = fileNames(FixtureTest.FIXTURES.resolve(id));
            assertThat(names).as("pass fixtures of %s", id).anyMatch(n -> n.startsWith("pass-"));
            assertThat(names).as("fail fixtures of %s", id).anyMatch(n -> n.startsWith("fail-"));
        }
    }

    @Test
    void everyFixtureDirectoryNamesACatalogueControl() throws IOException {
        Catalogue catalogue = Catalogue.load();
        try (Stream<Path> dirs = Files.list(FixtureTest.FIXTURES)) {
            dirs.forEach(dir -> assertThat(catalogue.control(dir.getFileName().toString())).as("control %s", dir).isPresent());
        }
    }

    private static List<String> fileNames(Path dir) throws IOException {
        assertThat(dir).as("fixture directory").isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
