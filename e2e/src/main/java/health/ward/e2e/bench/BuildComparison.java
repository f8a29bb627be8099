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
 * Issue 3's two ratios: {@code GET /patients/{id}} of the shipped build (envelope encryption +
 * per-access audit) against the same endpoint of two benchmark-only builds of the same code — one
 * with encryption and audit switched off ({@code bench-plain}), one encrypting each field with its
 * own Transit call ({@code bench-naive}). Each build runs as its own patient-api process over the
 * same PostgreSQL, OpenBao and Keycloak, reads only patients it seeded itself (the storage formats
 * differ), and is measured with the same closed-model load: {@value #USERS} sessions back to back.
 */
final class BuildComparison {

    static final int USERS = 32;
    static final int SEED = 50;
    /** A fresh process keeps getting faster for a minute (JIT): warm each build at least this long. */
    static final int MIN_WARMUP_SECONDS = 60;

    enum Build {
        SHIPPED("quarkus-app", "shipped: envelope encryption + audit"),
        PLAIN("bench-plain", "`bench-plain`: encryption and audit off"),
        NAIVE("bench-naive", "`bench-naive`: one Transit call per field, audit on");

        final String appDirectory;
        final String label;

        Build(String appDirectory, String label) {
            this.appDirectory = appDirectory;
            this.label = label;
        }

        Path packagedApp() {
            return RepoPaths.root().resolve("patient-api/target").resolve(appDirectory);
        }
    }

    private BuildComparison() {
    }

    static Map<Build, List<Result>> run(LocalStack stack, Path run, Bench.Settings settings) {
        Map<Build, List<Result>> results = new EnumMap<>(Build.class);
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
                HyperfoilLoad.runClosed(api.url(), ward.token("clin.ada"), Operation.READ_PATIENT, USERS,
                        Math.max(settings.warmupSeconds(), MIN_WARMUP_SECONDS), seeded);
                List<Result> runs = new ArrayList<>();
                for (int i = 1; i <= settings.runs(); i++) {
                    Result r = HyperfoilLoad.runClosed(api.url(), ward.token("clin.ada"), Operation.READ_PATIENT, USERS,
                            settings.seconds(), seeded);
                    System.out.printf("  run %d: %s%n", i, r);
                    runs.add(r);
                }
                results.put(build, runs);
            }
        }
        return results;
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
