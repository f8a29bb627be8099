package health.ward.e2e.controlplane;

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

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import health.ward.e2e.cluster.Kubectl;
import health.ward.testing.RepoPaths;

/**
 * The control-plane tier's cluster: {@code k8s/local/control-plane.sh up} (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and Gatekeeper on 127.0.0.1, built by {@code make
 * control-plane-tools}) with the platform and the chart of {@link WardPlatform} installed, started
 * once per test run by the first class that uses this extension, and
 * {@code down} when the run ends (JUnit closes the root store), so nothing outlives it. A run killed
 * before that leaves processes and state that the next {@code up} removes first.
 *
 * <p>Every {@link Kubectl} call of the run goes to this cluster, as the administrator
 * ({@code system:masters}); tests that need another identity impersonate it.
 */
public final class LocalControlPlane implements BeforeAllCallback {

    /** Cold: certificates, etcd, the API server and Gatekeeper; ~30 s here, bounded well above. */
    static final Duration UP_TIMEOUT = Duration.ofMinutes(5);

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(LocalControlPlane.class);

    /** The tests' own state directory, so a control plane started by hand ({@code make control-plane}) is left alone. */
    static final Path STATE = RepoPaths.root().resolve(".run/control-plane-tests");

    @Override
    public void beforeAll(ExtensionContext context) {
        // A start that failed fails every later class at once with the same cause, instead of trying again.
        Object started = context.getRoot().getStore(STORE).computeIfAbsent(Running.class, key -> {
            try {
                return Running.start();
            } catch (RuntimeException | AssertionError e) {
                return e;
            }
        });
        if (started instanceof Throwable failure) {
            throw new AssertionError("the control plane did not start: " + failure.getMessage(), failure);
        }
    }

    /** The environment the script wrote for the running control plane (KUBECONFIG, etcd endpoint, audit log, ...). */
    static Map<String, String> environment() {
        return Running.current().environment();
    }

    static String env(String name) {
        String value = environment().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is missing from the control plane's env file");
        }
        return value;
    }

    /** A started control plane; closing it runs {@code down}. */
    record Running(Map<String, String> environment) implements AutoCloseable {

        private static volatile Running current;

        static Running current() {
            Running running = current;
            if (running == null) {
                throw new IllegalStateException("no control plane: annotate the test class with @ExtendWith(LocalControlPlane.class)");
            }
            return running;
        }

        static Running start() {
            script("up", UP_TIMEOUT);
            Map<String, String> environment = readEnv(STATE.resolve("env"));
            Kubectl.use(new Kubectl.Target(environment.get("WARD_KUBE_BIN") + "/kubectl", Path.of(environment.get("KUBECONFIG"))));
            current = new Running(environment);
            try {
                WardPlatform.install();
            } catch (RuntimeException | AssertionError e) {
                current.close();
                throw e;
            }
            return current;
        }

        @Override
        public void close() {
            current = null;
            script("down", Duration.ofMinutes(2));
        }
    }

    /** Runs {@code k8s/local/control-plane.sh <action>} on {@link #STATE}; its output goes to target/run/control-plane/<action>.log. */
    static void script(String action, Duration timeout) {
        Path log = RepoPaths.runDirectory("control-plane").resolve(action + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(RepoPaths.root().resolve("k8s/local/control-plane.sh").toString(), action))
                .directory(RepoPaths.root().toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WARD_CONTROL_PLANE_DIR", STATE.toString());
        try {
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("control-plane.sh " + action + " did not finish within " + timeout.toSeconds()
                        + " s; its output: " + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("control-plane.sh " + action + " failed (exit " + process.exitValue() + "): " + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run k8s/local/control-plane.sh " + action, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running control-plane.sh " + action, e);
        }
    }

    private static Map<String, String> readEnv(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the control plane's env file " + file, e);
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
