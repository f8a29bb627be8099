package health.ward.e2e.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;

import health.ward.testing.RepoPaths;

/**
 * One of the k8s/local scripts that bring a cluster up or down ({@code control-plane.sh},
 * {@code cluster.sh}), run on a state directory of the tests' own, bounded in time, its output in
 * {@code target/run/<name>/<action>.log}; and the env file it writes for the tests.
 */
public record LocalScript(String name, String stateVariable, Path state) {

    /**
     * The cluster of this test run, started by {@code start} the first time a class asks for it and
     * kept in JUnit's root store (which closes it, running {@code down}, when the run ends). A start
     * that failed fails every later class at once with the same cause, instead of trying again.
     */
    public static <T extends AutoCloseable> T startedOnce(ExtensionContext context, Class<T> key, Supplier<T> start, String what) {
        Object started = context.getRoot().getStore(ExtensionContext.Namespace.create(key)).computeIfAbsent(key, k -> {
            try {
                return start.get();
            } catch (RuntimeException | AssertionError e) {
                return e;
            }
        });
        if (started instanceof Throwable failure) {
            throw new AssertionError(what + " did not start: " + failure.getMessage(), failure);
        }
        return key.cast(started);
    }

    /** Runs {@code k8s/local/<name>.sh <action>}; a non-zero exit or a timeout fails with the script's output. */
    public void run(String action, Duration timeout) {
        Path log = RepoPaths.runDirectory(name).resolve(action + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(RepoPaths.root().resolve("k8s/local/" + name + ".sh").toString(), action))
                .directory(RepoPaths.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(stateVariable, state.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(name + ".sh " + action + " did not finish within " + timeout.toSeconds()
                        + " s; its output: " + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(name + ".sh " + action + " failed (exit " + process.exitValue() + "): " + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run k8s/local/" + name + ".sh " + action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name + ".sh " + action, e);
        }
    }

    /** The KEY=value lines of the env file the script's {@code up} wrote. */
    public Map<String, String> environment() {
        Path file = state.resolve("env");
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ".sh's env file " + file, e);
        }
        return Map.copyOf(values);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
