package health.ward.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The Testcontainers path as far as it can be checked without a container engine: the image is the
 * chart's, and the container is configured for scram authentication. Starting it needs an engine
 * (RecordsSchemaTest does, under -Dward.test.database=testcontainers).
 */
class TestcontainersRecordsDbTest {

    @Test
    void theImageIsTheOneTheChartDeploys() throws IOException {
        Path values = Path.of(System.getProperty("basedir", ".")).resolve("../helm/ward/values.yaml").normalize();
        List<String> lines = Files.readAllLines(values);
        String chartImage = value(lines, "repository") + ":" + value(lines, "tag");
        assertThat(TestcontainersRecordsDb.IMAGE).as("recordsDb.image in " + values).isEqualTo(chartImage);
    }

    @Test
    void everyTcpConnectionAuthenticatesWithScram() {
        try (PostgreSQLContainer container = TestcontainersRecordsDb.container("secret")) {
            assertThat(container.getUsername()).isEqualTo("postgres");
            assertThat(container.getEnvMap())
                    .containsEntry("POSTGRES_INITDB_ARGS", "--auth-host=scram-sha-256 --auth-local=trust")
                    .containsEntry("POSTGRES_HOST_AUTH_METHOD", "scram-sha-256");
            assertThat(container.getCommandParts()).containsExactly("postgres", "-c", "password_encryption=scram-sha-256");
        }
    }

    /** {@code recordsDb.image.<key>} in values.yaml: the first such key after "recordsDb:" and "image:". */
    private static String value(List<String> lines, String key) {
        int recordsDb = lines.indexOf("recordsDb:");
        int image = lines.subList(recordsDb, lines.size()).indexOf("  image:") + recordsDb;
        assertThat(recordsDb).as("recordsDb: in values.yaml").isNotNegative();
        assertThat(image).as("recordsDb.image in values.yaml").isGreaterThan(recordsDb);
        return lines.subList(image + 1, lines.size()).stream()
                .takeWhile(line -> line.startsWith("    ") || line.isBlank())
                .filter(line -> line.startsWith("    " + key + ":"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip().replace("\"", ""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("recordsDb.image." + key + " not in values.yaml"));
    }
}
