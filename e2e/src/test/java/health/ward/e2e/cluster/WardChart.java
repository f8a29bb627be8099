package health.ward.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import health.ward.testing.RepoPaths;

/** The Ward chart rendered by the pinned helm ({@code bin/helm}) for the cluster tiers, and its objects. */
public final class WardChart {

    private static final YAMLMapper YAML = new YAMLMapper();

    private WardChart() {
    }

    /** The chart as release {@code ward} in namespace {@code ward}, placeholder digests, extra {@code helm template} arguments appended. */
    public static String render(String... extraArgs) {
        List<String> command = new ArrayList<>(List.of(RepoPaths.root().resolve("bin/helm").toString(), "template", "ward",
                RepoPaths.root().resolve("helm/ward").toString(), "--namespace", WardRelease.NAMESPACE, "--kube-version",
                "1.33", "-f", RepoPaths.root().resolve("helm/ward/ci-release/placeholder-digests-values.yaml").toString(),
                "--set", "namespace.create=true"));
        command.addAll(List.of(extraArgs));
        return run(command);
    }

    /** The YAML documents of a rendered release, empty ones left out. */
    public static List<JsonNode> documents(String rendered) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(YAML.getFactory().createParser(rendered), JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isEmpty()) {
                    documents.add(d);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("helm rendered unreadable YAML", e);
        }
    }

    /** The rendered objects of {@code kind}. */
    public static List<JsonNode> ofKind(String rendered, String kind) {
        return documents(rendered).stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    private static String run(List<String> command) {
        Path stderr = null;
        try {
            stderr = Files.createTempFile("ward-helm-", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(stderr));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (stderr != null) {
                stderr.toFile().delete();
            }
        }
    }
}
