package health.ward.kit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The catalogue on disk (what reviewers edit) and the index the jar relies on agree. */
class CatalogueFilesTest {

    private static final Path CATALOGUE = Path.of("catalogue");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyControlFileIsNamedAfterItsId() throws IOException {
        for (Path file : yamlFiles("controls")) {
            String id = YAML.readTree(file.toFile()).path("id").asText();
            assertThat(file.getFileName().toString()).as("file name of control %s", id).isEqualTo(id + ".yaml");
            assertThat(id).matches("WARD-[A-Z]+-\\d{3}");
        }
    }

    @Test
    void everyFrameworkFileIsNamedAfterItsId() throws IOException {
        for (Path file : yamlFiles("frameworks")) {
            String id = YAML.readTree(file.toFile()).path("id").asText();
            assertThat(file.getFileName().toString()).isEqualTo(id + ".yaml");
        }
    }

    @Test
    void indexListsExactlyTheFilesOnDisk() throws IOException {
        JsonNode index = YAML.readTree(CATALOGUE.resolve("index.yaml").toFile());
        assertThat(names(index.path("controls"))).containsExactlyElementsOf(baseNames(yamlFiles("controls")));
        assertThat(names(index.path("frameworks"))).containsExactlyElementsOf(baseNames(yamlFiles("frameworks")));
    }

    private static List<Path> yamlFiles(String dir) throws IOException {
        try (Stream<Path> files = Files.list(CATALOGUE.resolve(dir))) {
            List<Path> list = files.sorted().toList();
            assertThat(list).as("files under catalogue/%s", dir).isNotEmpty().allMatch(p -> p.toString().endsWith(".yaml"));
            return list;
        }
    }

    private static List<String> names(JsonNode array) {
        return YAML.convertValue(array, YAML.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    private static List<String> baseNames(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString().replaceFirst("\\.yaml$", "")).toList();
    }
}
