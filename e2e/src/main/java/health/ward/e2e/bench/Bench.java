package health.ward.e2e.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.db.RecordsDatabases;
import health.ward.e2e.bench.HyperfoilLoad.Operation;
import health.ward.e2e.bench.HyperfoilLoad.Result;
import health.ward.e2e.stack.LocalStack;
import health.ward.e2e.stack.Ports;
import health.ward.testing.ManagedProcess;
import health.ward.testing.RepoPaths;

/**
 * {@code make bench}: starts the local stack, measures each figure several times and writes
 * docs/benchmarks.md. Every number in that file comes from this class; settings are system
 * properties so the Makefile line is the whole recipe.
 */
public final class Bench {

    record Settings(int runs, int seconds, int warmupSeconds, int connections, int readRate, int createRate,
            int searchRate, int startups, int seedPatients, long auditTrailEvents, Path output) {

        static Settings fromSystemProperties() {
            return new Settings(
                    Integer.getInteger("bench.runs", 5),
                    Integer.getInteger("bench.seconds", 15),
                    Integer.getInteger("bench.warmupSeconds", 15),
                    Integer.getInteger("bench.connections", 16),
                    Integer.getInteger("bench.readRate", 75),
                    Integer.getInteger("bench.createRate", 20),
                    Integer.getInteger("bench.searchRate", 40),
                    Integer.getInteger("bench.startups", 3),
                    Integer.getInteger("bench.seedPatients", 200),
                    Long.getLong("bench.auditTrailEvents", 1_000_000),
                    Path.of(System.getProperty("bench.output", RepoPaths.root().resolve("docs/benchmarks.md").toString())));
        }

        int rate(Operation operation) {
            return switch (operation) {
                case READ_PATIENT -> readRate;
                case CREATE_PATIENT -> createRate;
                case SEARCH_IDENTIFIER -> searchRate;
            };
        }
    }

    record Startup(double firstRequestSeconds, long rssAtFirstRequestKiB) {
    }

    record Verify(long events, double seconds) {
    }

    /** Everything one `make bench` measured, for {@link BenchReport}. */
    record Figures(Map<String, String> facts, List<List<Result>> load, List<Verify> verifiesBefore, List<Verify> verifies,
            List<Verify> verifiesOfLargeTrail, List<Startup> startups, long rssAfterLoadKiB,
            List<SubjectRightsBench.Erasure> erasures, List<SubjectRightsBench.Export> exports,
            Map<BuildComparison.Build, Map<Operation, BuildComparison.Measured>> builds) {
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path run = RepoPaths.runDirectory("bench");
        System.out.println("make bench: local stack in " + run + "; settings " + settings);
        try (LocalStack stack = LocalStack.start(Ports.free(), run, RecordsDatabases.Kind.EMBEDDED)) {
            WardApi api = new WardApi(stack.apiUrl(), stack.keycloak().tokenEndpoint());
            List<WardApi.SeededPatient> patients = api.seedPatients("clin.ada", "BENCH-SEED", settings.seedPatients());
            Map<String, String> facts = MachineFacts.collect(stack);
            // Verify before and after the load: two sizes of trail separate the fixed cost (Transit
            // signature check of the newest checkpoint, HTTP, JIT) from the cost per event.
            // The first calls after start-up are cold (JIT, connection pool, Transit client): discard three.
            verifyRuns(api, 3);
            List<Verify> verifiesBefore = verifyRuns(api, settings.runs());

            List<List<Result>> load = new ArrayList<>();
            for (Operation operation : Operation.values()) {
                int rate = settings.rate(operation);
                System.out.printf("%s at %d/s: warm-up %d s%n", operation, rate, settings.warmupSeconds());
                HyperfoilLoad.run(stack.apiUrl(), api.token("clin.ada"), operation, rate, settings.connections(),
                        settings.warmupSeconds(), patients);
                List<Result> runs = new ArrayList<>();
                for (int i = 1; i <= settings.runs(); i++) {
                    Result r = HyperfoilLoad.run(stack.apiUrl(), api.token("clin.ada"), operation, rate,
                            settings.connections(), settings.seconds(), patients);
                    System.out.printf("  run %d: %s%n", i, r);
                    runs.add(r);
                }
                load.add(runs);
            }
            long rssAfterLoad = Rss.kib(stack.patientApi().pid());

            verifyRuns(api, 3);
            List<Verify> verifies = verifyRuns(api, settings.runs());

            System.out.println("subject rights: erasure 10 vs 10,000 records, export of 1,000 entries");
            SubjectRightsBench.erasures(stack, api, 10, 2); // discarded: the first erasures are cold (JIT, pools)
            List<SubjectRightsBench.Erasure> erasures = new ArrayList<>(SubjectRightsBench.erasures(stack, api, 10, settings.runs()));
            erasures.addAll(SubjectRightsBench.erasures(stack, api, 10_000, settings.runs()));
            List<SubjectRightsBench.Export> exports = SubjectRightsBench.exports(api, 1_000, settings.runs());

            Map<BuildComparison.Build, Map<Operation, BuildComparison.Measured>> builds = BuildComparison.run(stack, run, settings);

            List<Startup> startups = new ArrayList<>();
            for (int i = 0; i < settings.startups(); i++) {
                startups.add(startup(stack, run, patients.get(0).id()));
                System.out.println("  startup: " + startups.get(i));
            }

            // Last, as it grows the trail for good: 1,000,000 events (MAC'd by the benchmark's loader, sealed by patient-api).
            System.out.printf("audit verify of a %,d-event trail%n", settings.auditTrailEvents());
            AuditTrailLoader.fill(stack, run, settings.auditTrailEvents());
            verifyRuns(api, 1);
            List<Verify> verifiesOfLargeTrail = verifyRuns(api, settings.runs());

            String report = BenchReport.render(settings, new Figures(facts, load, verifiesBefore, verifies, verifiesOfLargeTrail,
                    startups, rssAfterLoad, erasures, exports, builds));
            Files.createDirectories(settings.output().getParent());
            Files.writeString(settings.output(), report);
            System.out.println("make bench: wrote " + settings.output());
        }
    }

    private static List<Verify> verifyRuns(WardApi api, int runs) throws IOException, InterruptedException {
        List<Verify> verifies = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            verifies.add(verify(api));
            System.out.println("  verify: " + verifies.get(i));
        }
        return verifies;
    }

    private static Verify verify(WardApi api) throws IOException, InterruptedException {
        Instant start = Instant.now();
        JsonNode result = api.verifyAudit(Duration.ofMinutes(10));
        double seconds = Duration.between(start, Instant.now()).toNanos() / 1e9;
        if (!result.path("valid").asBoolean()) {
            throw new IllegalStateException("audit trail did not verify after the benchmark: " + result);
        }
        return new Verify(result.path("checked").asLong(), seconds);
    }

    /** Fork of a fresh patient-api to the first authenticated read answered 200 (polled every 10 ms). */
    private static Startup startup(LocalStack stack, Path run, String patientId) throws InterruptedException {
        try (ExtraPatientApi extra = new ExtraPatientApi(stack, ManagedProcess.freePort(), run.resolve("startup"))) {
            WardApi api = new WardApi(extra.url(), stack.keycloak().tokenEndpoint());
            api.token("clin.ada");
            extra.launch();
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline)) {
                if (!extra.isAlive()) {
                    throw new IllegalStateException("patient-api exited during start-up; see " + run.resolve("startup"));
                }
                try {
                    HttpResponse<String> r = api.send("GET", "/api/v1/patients/" + patientId, "clin.ada", null,
                            "startup-" + UUID.randomUUID(), Duration.ofSeconds(5));
                    if (r.statusCode() == 200) {
                        double seconds = (System.nanoTime() - extra.startedNanos()) / 1e9;
                        return new Startup(seconds, extra.rssKiB());
                    }
                } catch (IOException notListeningYet) {
                    // keep polling
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("patient-api did not answer a read within 90 s");
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static <T> String medianAndSpread(List<T> runs, ToDoubleFunction<T> value, String format) {
        List<Double> values = runs.stream().map(value::applyAsDouble).toList();
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        return String.format(format, median(values)) + " (" + String.format(format, min) + "–" + String.format(format, max) + ")";
    }
}
