package health.ward.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import health.ward.e2e.bench.HyperfoilLoad.Operation;
import health.ward.e2e.bench.HyperfoilLoad.Result;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;

/**
 * Issue 3's and issue 8's ratios: the shipped build (envelope encryption + per-access audit) against
 * two benchmark-only builds of the same code — one with encryption and audit switched off
 * ({@code bench-plain}), one encrypting each field with its own Transit call ({@code bench-naive}).
 * Read, create and search are compared between shipped and plain; the naive build, whose point is
 * the cost of a Transit call per field, only reads. Each build runs as its own patient-api process
 * over the same PostgreSQL, OpenBao and Keycloak, uses only patients it seeded itself (the storage
 * formats differ), and is measured with the same closed-model load: {@value #USERS} sessions back to
 * back. Before the measured runs each operation is warmed until steady (see {@link #warmUp}).
 */
final class BuildComparison {

    static final int USERS = 32;
    static final int SEED = 50;
    /** A fresh process keeps getting faster for a minute (JIT): its first operation warms at least this long. */
    static final int MIN_WARMUP_SECONDS = 60;
    /** Later operations of the same process warm at least this long. */
    static final int MIN_NEXT_WARMUP_SECONDS = 30;
    /**
     * Warm-up ends when {@link #STEADY_WINDOWS} windows in a row are each within this fraction of the
     * window before (one flat pair is not enough: a JIT starved of CPU plateaus, then jumps again)...
     */
    static final double STEADY = 0.05;
    static final int STEADY_WINDOWS = 3;
    /** ...or after this long, and the report says it was not steady. */
    static final int MAX_WARMUP_SECONDS = 180;
    static final int WARMUP_WINDOW_SECONDS = 15;

    enum Build {
        SHIPPED("quarkus-app", "shipped: envelope encryption + audit", Operation.values()),
        PLAIN("bench-plain", "`bench-plain`: encryption and audit off", Operation.values()),
        NAIVE("bench-naive", "`bench-naive`: one Transit call per field, audit on", new Operation[] { Operation.READ_PATIENT });

        final String appDirectory;
        final String label;
        final List<Operation> operations;

        Build(String appDirectory, String label, Operation[] operations) {
            this.appDirectory = appDirectory;
            this.label = label;
            this.operations = List.of(operations);
        }

        Path packagedApp() {
            return RepoPaths.root().resolve("patient-api/target").resolve(appDirectory);
        }
    }

    /** The measured runs of one operation on one build, and how its warm-up ended. */
    record Measured(List<Result> runs, int warmupSeconds, boolean steady) {
    }

    private BuildComparison() {
    }

    static Map<Build, Map<Operation, Measured>> run(LocalStack stack, Path run, Bench.Settings settings) {
        Map<Build, Map<Operation, Measured>> results = new EnumMap<>(Build.class);
        for (Build build : Build.values()) {
            if (!Files.isRegularFile(build.packagedApp().resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(build.packagedApp() + " is missing: `make bench` builds it (bench.mk bench-builds)");
            }
            System.out.printf("%s: %d sessions, closed model%n", build.label, USERS);
            ExtraPatientApi process = new ExtraPatientApi(stack, ManagedProcess.freePort(), run.resolve("builds"),
                    stack.database().jdbcUrl(), build.packagedApp());
            if (build == Build.NAIVE) {
                process.withEnvironment(Map.of("QUARKUS_VAULT_AUTHENTICATION_CLIENT_TOKEN", naiveToken(stack)));
            }
            try (ExtraPatientApi api = process.start()) {
                WardApi ward = new WardApi(api.url(), stack.keycloak().tokenEndpoint());
                List<WardApi.SeededPatient> seeded = ward.seedPatients("clin.ada", "BENCH-" + build.name(), SEED);
                Map<Operation, Measured> byOperation = new EnumMap<>(Operation.class);
                for (Operation operation : build.operations) {
                    int minimum = byOperation.isEmpty() ? MIN_WARMUP_SECONDS : MIN_NEXT_WARMUP_SECONDS;
                    Measured warm = warmUp(api.url(), ward, operation, seeded, minimum);
                    List<Result> runs = new ArrayList<>();
                    for (int i = 1; i <= settings.runs(); i++) {
                        Result r = HyperfoilLoad.runClosed(api.url(), ward.token("clin.ada"), operation, USERS,
                                settings.seconds(), seeded);
                        System.out.printf("  %s run %d: %s%n", operation, i, r);
                        runs.add(r);
                    }
                    byOperation.put(operation, new Measured(runs, warm.warmupSeconds(), warm.steady()));
                }
                results.put(build, byOperation);
            }
        }
        return results;
    }

    /**
     * Closed-model windows of {@value #WARMUP_WINDOW_SECONDS} s until, after {@code minimumSeconds},
     * the last {@value #STEADY_WINDOWS} windows were each within {@value #STEADY} of the one before;
     * at most {@value #MAX_WARMUP_SECONDS} s. Returns how long it took and whether it got there (no runs).
     */
    private static Measured warmUp(String url, WardApi ward, Operation operation, List<WardApi.SeededPatient> seeded,
            int minimumSeconds) {
        int elapsed = 0;
        double previous = -1;
        int steadyInARow = 0;
        while (elapsed < MAX_WARMUP_SECONDS) {
            Result window = HyperfoilLoad.runClosed(url, ward.token("clin.ada"), operation, USERS, WARMUP_WINDOW_SECONDS, seeded);
            elapsed += WARMUP_WINDOW_SECONDS;
            double throughput = window.throughputPerSec();
            steadyInARow = previous > 0 && Math.abs(throughput - previous) <= STEADY * previous ? steadyInARow + 1 : 0;
            System.out.printf("  %s warm-up %d s: %.0f req/s%s%n", operation, elapsed, throughput,
                    steadyInARow > 0 ? " (steady " + steadyInARow + "/" + STEADY_WINDOWS + ")" : "");
            if (steadyInARow >= STEADY_WINDOWS && elapsed >= minimumSeconds) {
                return new Measured(List.of(), elapsed, true);
            }
            previous = throughput;
        }
        return new Measured(List.of(), elapsed, false);
    }

    /**
     * The naive build encrypts with its own Transit key, which patient-api's policy does not cover:
     * a key, a policy for it, and a token with both policies, made here with the dev server's root token.
     */
    private static String naiveToken(LocalStack stack) {
        String key = "ward-bench-naive";
        stack.openBao().post("transit/keys/" + key, "{\"type\":\"aes256-gcm96\"}");
        stack.openBao().post("sys/policies/acl/" + key, "{\"policy\":\"path \\\"transit/encrypt/" + key
                + "\\\" { capabilities = [\\\"update\\\"] }\\npath \\\"transit/decrypt/" + key
                + "\\\" { capabilities = [\\\"update\\\"] }\"}");
        String created = stack.openBao().post("auth/token/create",
                "{\"policies\":[\"ward-patient-api\",\"" + key + "\"],\"no_default_policy\":true,\"ttl\":\"2h\"}");
        return created.replaceAll("(?s).*\"client_token\":\"([^\"]+)\".*", "$1");
    }
}
