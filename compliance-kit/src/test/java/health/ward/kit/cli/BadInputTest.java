package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unusable input is named with file and line, exits 1 without a stack trace, and hides nothing else. */
class BadInputTest {

    private static final String GOOD = "src/test/resources/fixtures/WARD-POL-001/fail-cronjob-uid-zero.yaml";

    @Test
    void malformedYamlNamesFileAndLineAndTheOtherFilesAreStillAudited(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata: [unclosed\n");
        CliRun run = CliRun.of("audit", broken.toString(), GOOD);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(broken + ":8: invalid YAML: while parsing a flow sequence").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(run.out()).as("the good file's findings").contains("WARD-POL-001 " + GOOD);
    }

    @Test
    void binaryJunkIsNamedAsSuch(@TempDir Path dir) throws IOException {
        Path junk = Files.write(dir.resolve("junk.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3});
        Path nul = Files.writeString(dir.resolve("nul.yaml"), "kind: Pod\nmetadata:\n  name: a\u0000b\n");
        CliRun run = CliRun.of("audit", junk.toString(), nul.toString(), GOOD);
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(junk + ": not UTF-8 text").contains(nul + ":3: contains NUL bytes");
        assertThat(run.out()).contains("WARD-POL-001 " + GOOD);
    }

    @Test
    void aDocumentWithoutKindIsNamedByItsLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("nokind.yaml"), "kind: ConfigMap\nmetadata:\n  name: a\n---\n# note\njust: a map\n");
        CliRun run = CliRun.of("audit", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(file + ":6: document 2 is not a Kubernetes object");
    }

    @Test
    void unknownKindsAndCustomResourcesAreReadAndLeftAlone(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("crd.yaml"), """
                apiVersion: example.com/v1alpha1
                kind: Widget
                metadata:
                  name: w
                spec:
                  anything: [goes, {here: 1}]
                """);
        CliRun run = CliRun.of("audit", "--format", "json", file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void filesLargerThanSnakeYamlsDefaultLimitAreRead(@TempDir Path dir) throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 4 * 1024 * 1024; i++) {
            big.append("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c").append(i)
                    .append("\ndata:\n  padding: \"").append("x".repeat(200)).append("\"\n");
        }
        Path file = Files.writeString(dir.resolve("big.yaml"), big);
        CliRun run = CliRun.of("audit", file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        // So many objects make a long run: stderr carries progress, and nothing else.
        assertThat(run.err()).startsWith("ward-kit: checking ").contains("ward-kit: checked in ")
                .doesNotContain("invalid").doesNotContain("cannot");
        assertThat(CliRun.of("audit", "--format", "json", file.toString()).err()).as("no progress beside machine formats").isEmpty();
    }

    // Issue 19: each kind of bad input is exit 1, one line naming the file, and never a stack trace.
    private static void assertCleanError(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(run.err()).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void truncatedYamlIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        String whole = Files.readString(Path.of(GOOD));
        Path truncated = Files.writeString(dir.resolve("truncated.yaml"), whole.substring(0, whole.indexOf("containers:") + 5)
                + "\n  - name: \"cut-off");
        CliRun run = CliRun.of("audit", truncated.toString(), GOOD);
        assertCleanError(run, truncated + ":");
        assertThat(run.err()).contains("invalid YAML");
        assertThat(run.out()).as("the good file's findings").contains("WARD-POL-001 " + GOOD);
    }

    @Test
    void aFiftyMegabyteFileIsRefusedUpFront(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] line = ("# " + "x".repeat(1021) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(line);
            }
        }
        CliRun run = CliRun.of("audit", big.toString(), GOOD);
        assertCleanError(run, big + ": cannot read: too large: 50.0 MiB, more than the 32 MiB");
        assertThat(run.err()).contains("--max-file-mib");
        assertThat(run.out()).contains("WARD-POL-001 " + GOOD);
        // Raised on purpose, the same file is read (it holds only comments: nothing to judge, no error).
        CliRun raised = CliRun.of("audit", "--max-file-mib", "64", big.toString());
        assertThat(raised.exitCode()).as(raised.err()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void aSymbolicLinkLoopGivenDirectlyIsNamed(@TempDir Path dir) throws IOException {
        Path a = dir.resolve("a.yaml");
        Path b = dir.resolve("b.yaml");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertCleanError(CliRun.of("audit", a.toString()), a + ": symbolic link that cannot be followed (broken, or a loop)");
    }

    @Test
    void aSymbolicLinkLoopInsideADirectoryIsNamedAndTheRestIsAudited(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("manifests"));
        Files.copy(Path.of(GOOD), tree.resolve("good.yaml"));
        Files.createSymbolicLink(tree.resolve("again"), tree);
        Files.createSymbolicLink(tree.resolve("self.yaml"), tree.resolve("self.yaml"));
        CliRun run = CliRun.of("audit", tree.toString());
        assertCleanError(run, tree.resolve("again") + ": symbolic link loop");
        assertThat(run.err()).contains(tree.resolve("self.yaml") + ": symbolic link that cannot be followed");
        assertThat(run.out()).contains("WARD-POL-001 " + tree.resolve("good.yaml"));
    }

    @Test
    void aDeviceOrPipeIsNotReadForever() {
        assertCleanError(CliRun.of("audit", "/dev/zero"), "/dev/zero: cannot read: not a regular file");
    }
}
