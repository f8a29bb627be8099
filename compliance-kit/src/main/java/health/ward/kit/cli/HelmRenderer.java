package health.ward.kit.cli;

import health.ward.kit.check.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a chart with the project's pinned helm, so the audit sees exactly what `helm template`
 * would install. helm is found at $WARD_HELM, else at bin/helm in the first directory upwards
 * from the working directory or from ward-kit's own jar that has one (the repository root).
 */
final class HelmRenderer {

    static final String HELM_ENV = "WARD_HELM";
    private static final long TIMEOUT_SECONDS = 120;

    private final Map<String, String> env;

    HelmRenderer(Map<String, String> env) {
        this.env = env;
    }

    String render(Path chart, List<Path> values, String release, String namespace, String kubeVersion)
            throws InputException {
        Path helm = locate().orElseThrow(() -> new InputException("helm not found: set " + HELM_ENV
                + " to a helm binary, or run 'make tools' in the repository root to install bin/helm"));
        if (!Files.isDirectory(chart)) {
            throw new InputException(chart + ": not a chart directory");
        }
        List<String> command = new ArrayList<>(List.of(helm.toString(), "template", release, chart.toString(),
                "--namespace", namespace, "--kube-version", kubeVersion));
        for (Path file : values) {
            if (!Files.isRegularFile(file)) {
                throw new InputException(file + ": no such values file");
            }
            command.add("--values");
            command.add(file.toString());
        }
        Path stderr = null;
        try {
            stderr = Files.createTempFile("ward-kit-helm", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            byte[] stdout = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new InputException("helm template " + chart + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new InputException("helm template " + chart + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot run " + helm + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("interrupted while rendering " + chart, e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // A leftover temp file is not worth failing an audit over.
                }
            }
        }
    }

    Optional<Path> locate() {
        String configured = env.get(HELM_ENV);
        if (configured != null && !configured.isBlank()) {
            Path helm = Path.of(configured);
            return Files.isExecutable(helm) ? Optional.of(helm) : Optional.empty();
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        try {
            starts.add(Path.of(HelmRenderer.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            // No code source (unusual class loader): the working directory is still searched.
        }
        for (Path start : starts) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                Path helm = dir.resolve("bin/helm");
                if (Files.isExecutable(helm) && !Files.isDirectory(helm)) {
                    return Optional.of(helm);
                }
            }
        }
        return Optional.empty();
    }
}
