package health.ward.e2e.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;

/**
 * kubectl against the cluster of this test run: by default the kubectl on PATH with the current
 * context (the kind cluster `make e2e-kind` created); {@link #use} points it at another, as
 * {@link LocalControlPlane} does for the control plane it starts. Every call is
 * bounded: a kubectl that hangs is killed after {@link #CALL_TIMEOUT} and fails the test, it never
 * stalls the run. Waiting for the cluster to reach a state is {@link ClusterWait}'s job, not a
 * long kubectl call.
 */
public final class Kubectl {

    public static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    /** Exit code and both output streams of one kubectl call, kept apart so jsonpath output stays clean. */
    public record Result(int exitCode, String stdout, String stderr) {

        public String describe() {
            return "exit " + exitCode + (stdout.isBlank() ? "" : "; stdout: " + stdout.strip())
                    + (stderr.isBlank() ? "" : "; stderr: " + stderr.strip());
        }
    }

    /** kubectl exited non-zero where the caller needed it to succeed. */
    public static final class Failure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        Failure(List<String> args, Result result) {
            super("kubectl " + String.join(" ", args) + " failed: " + result.describe());
        }
    }

    /** A kubectl binary and the kubeconfig it reads; {@code kubeconfig} null means the caller's own environment. */
    public record Target(String kubectl, Path kubeconfig) {

        Map<String, String> environment() {
            return kubeconfig == null ? Map.of() : Map.of("KUBECONFIG", kubeconfig.toString());
        }
    }

    private static volatile Target target = new Target("kubectl", null);

    private Kubectl() {
    }

    /** Every later call goes to {@code cluster}: set once, before the tests of a tier run. */
    public static void use(Target cluster) {
        target = cluster;
    }

    public static Result run(String... args) {
        return execute(null, null, List.of(args));
    }

    /** Like {@link #run} with {@code stdin} piped in (a manifest for {@code -f -}). */
    public static Result runWithInput(String stdin, String... args) {
        return execute(stdin, null, List.of(args));
    }

    /** stdout of a call that must succeed. */
    public static String ok(String... args) {
        return succeeded(List.of(args), run(args));
    }

    /** stdout of a call with {@code stdin} that must succeed. */
    public static String okWithInput(String stdin, String... args) {
        return succeeded(List.of(args), runWithInput(stdin, args));
    }

    /**
     * The lines of stdout that {@code keep} accepts, read as a stream: for logs and the API audit log,
     * which can be far larger than what a test wants to hold in memory.
     */
    public static List<String> lines(Predicate<String> keep, String... args) {
        List<String> kept = new ArrayList<>();
        Result result = execute(null, line -> {
            if (keep.test(line)) {
                kept.add(line);
            }
        }, List.of(args));
        succeeded(List.of(args), result);
        return kept;
    }

    /**
     * {@code kubectl port-forward} to {@code target} (e.g. {@code svc/keycloak}) on a free local port,
     * ready once kubectl reports the forward; close it to stop kubectl. Its output goes to a log file
     * under target/run/kind.
     */
    public static PortForward portForward(String namespace, String target, int remotePort) {
        int localPort = ManagedProcess.freePort();
        String name = "port-forward-" + namespace + "-" + target.replace('/', '-') + "-" + localPort;
        Path log = RepoPaths.runDirectory("kind").resolve(name + ".log");
        ManagedProcess process = ManagedProcess.start(name,
                List.of(Kubectl.target.kubectl(), "-n", namespace, "port-forward", "--address=127.0.0.1", target,
                        localPort + ":" + remotePort),
                Kubectl.target.environment(), RepoPaths.root(), log);
        PortForward forward = new PortForward(process, localPort);
        try {
            ClusterWait.until("port-forward to " + namespace + "/" + target + ":" + remotePort, Duration.ofSeconds(60), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("kubectl port-forward exited; see " + log + ": " + readQuietly(log));
                }
                String output = readQuietly(log);
                return output.contains("Forwarding from") ? ClusterWait.Outcome.done(true) : ClusterWait.Outcome.pending(output);
            });
        } catch (RuntimeException | AssertionError e) {
            forward.close();
            throw e;
        }
        return forward;
    }

    /** A running {@code kubectl port-forward}: {@code http://127.0.0.1:<localPort>}. */
    public record PortForward(ManagedProcess process, int localPort) implements AutoCloseable {

        public String url(String path) {
            return "http://127.0.0.1:" + localPort + path;
        }

        @Override
        public void close() {
            process.close();
        }
    }

    private static String succeeded(List<String> args, Result result) {
        if (result.exitCode() != 0) {
            throw new Failure(args, result);
        }
        return result.stdout();
    }

    private static Result execute(String stdin, Consumer<String> lineSink, List<String> args) {
        Target cluster = target;
        List<String> command = new ArrayList<>(List.of(cluster.kubectl()));
        command.addAll(args);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(cluster.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kubectl (is it on PATH?)", e);
        }
        // Both streams are drained on their own threads so neither can fill its pipe and block kubectl,
        // and the wait below stays bounded even if kubectl never closes them.
        FutureTask<String> stdout = drain(process.getInputStream(), lineSink);
        FutureTask<String> stderr = drain(process.getErrorStream(), null);
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // kubectl exited before reading its input; its exit code and stderr say why.
        }
        try {
            if (!process.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish within "
                        + CALL_TIMEOUT.toSeconds() + " s and was killed");
            }
            return new Result(process.exitValue(), stdout.get(30, TimeUnit.SECONDS), stderr.get(30, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running kubectl " + String.join(" ", args), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of kubectl " + String.join(" ", args), e);
        }
    }

    /** Reads a stream to its end on a daemon thread; lines go to {@code lineSink} instead of being kept, if given. */
    private static FutureTask<String> drain(InputStream stream, Consumer<String> lineSink) {
        FutureTask<String> task = new FutureTask<>(() -> {
            if (lineSink == null) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(lineSink);
            }
            return "";
        });
        Thread thread = new Thread(task, "kubectl-output");
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static String readQuietly(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
