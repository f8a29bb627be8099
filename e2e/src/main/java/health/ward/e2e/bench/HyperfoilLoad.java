package health.ward.e2e.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.hyperfoil.api.config.Benchmark;
import io.hyperfoil.api.config.BenchmarkBuilder;
import io.hyperfoil.api.config.SequenceBuilder;
import io.hyperfoil.api.statistics.StatisticsSnapshot;
import io.hyperfoil.core.impl.LocalSimulationRunner;
import io.hyperfoil.http.api.HttpMethod;
import io.hyperfoil.http.config.HttpPluginBuilder;
import io.hyperfoil.http.statistics.HttpStats;
import io.hyperfoil.http.steps.HttpRequestStepBuilder;
import io.hyperfoil.http.steps.HttpStepCatalog;
import io.netty.buffer.Unpooled;

/**
 * One fixed-rate run of one Ward operation with Hyperfoil, in this JVM. Open model (constant
 * arrival rate): a request that cannot start on time because the server is slow is still counted
 * from when it should have started, so the percentiles include queueing (no coordinated omission).
 * Non-2xx answers, timeouts and connection errors are counted as errors.
 */
public final class HyperfoilLoad {

    public enum Operation {
        /** {@code GET /patients/{id}} over a pool of seeded patients: audit insert + DEK unwrap (cached) + decrypt. */
        READ_PATIENT,
        /** {@code POST /patients}: new DEK from Transit, encrypt every field, blind indexes, audit. */
        CREATE_PATIENT,
        /** {@code GET /patients?identifier=} of a seeded patient: HMAC by Transit, index lookup, decrypt, audit. */
        SEARCH_IDENTIFIER
    }

    public record Result(Operation operation, int ratePerSec, int connections, int seconds, long requests,
            long responses, long errors, double throughputPerSec, double p50Ms, double p99Ms, double maxMs) {
    }

    private HyperfoilLoad() {
    }

    /**
     * @param token a clinician bearer token valid for the whole run (runs are far shorter than 300 s)
     * @param patients seeded patients of the token's organization: ids for reads, identifiers for searches
     */
    public static Result run(String apiUrl, String token, Operation operation, int ratePerSec, int connections,
            int seconds, List<WardApi.SeededPatient> patients) {
        return run(apiUrl, token, operation, ratePerSec, 0, connections, seconds, patients);
    }

    /**
     * Closed model for capacity: {@code users} sessions each send the next request as soon as the
     * last one answered, over {@code users} connections. Throughput is the server's capacity; the
     * latency is service time under that concurrency (a closed loop cannot see queueing it causes).
     * {@code ratePerSec} in the result is 0.
     */
    public static Result runClosed(String apiUrl, String token, Operation operation, int users, int seconds,
            List<WardApi.SeededPatient> patients) {
        return run(apiUrl, token, operation, 0, users, users, seconds, patients);
    }

    private static Result run(String apiUrl, String token, Operation operation, int ratePerSec, int closedUsers,
            int connections, int seconds, List<WardApi.SeededPatient> patients) {
        URI api = URI.create(apiUrl);
        String authorization = "Bearer " + token;
        String[] ids = patients.stream().map(WardApi.SeededPatient::id).toArray(String[]::new);
        String[] identifiers = patients.stream().map(WardApi.SeededPatient::identifier).toArray(String[]::new);

        BenchmarkBuilder benchmark = BenchmarkBuilder.builder().name("ward-" + operation.name().toLowerCase()).threads(1);
        benchmark.addPlugin(HttpPluginBuilder::new).http()
                .host(api.getHost()).port(api.getPort())
                .sharedConnections(connections)
                .requestTimeout("10s")
                .endHttp();
        SequenceBuilder sequence = closedUsers > 0
                ? benchmark.addPhase("steady").always(closedUsers).duration(seconds * 1000L).scenario().initialSequence("request")
                : benchmark.addPhase("steady").constantRate(0)
                        .usersPerSec(ratePerSec)
                        .maxSessions(Math.max(connections * 4, ratePerSec * 2))
                        .duration(seconds * 1000L)
                        .scenario().initialSequence("request");
        HttpRequestStepBuilder request = switch (operation) {
            case READ_PATIENT -> sequence.step(HttpStepCatalog.SC).httpRequest(HttpMethod.GET)
                    .path(session -> "/api/v1/patients/" + ids[ThreadLocalRandom.current().nextInt(ids.length)]);
            case SEARCH_IDENTIFIER -> sequence.step(HttpStepCatalog.SC).httpRequest(HttpMethod.GET)
                    .path(session -> "/api/v1/patients?identifier="
                            + identifiers[ThreadLocalRandom.current().nextInt(identifiers.length)]);
            case CREATE_PATIENT -> sequence.step(HttpStepCatalog.SC).httpRequest(HttpMethod.POST)
                    .path("/api/v1/patients")
                    .headerAppender((session, writer) -> writer.putHeader("content-type", "application/json"))
                    .body((session, connection) -> Unpooled.copiedBuffer(
                            SyntheticPatient.json("BENCH-" + UUID.randomUUID()), StandardCharsets.UTF_8));
        };
        request.metric(operation.name().toLowerCase())
                .headerAppender((session, writer) -> writer.putHeader("authorization", authorization))
                .headerAppender((session, writer) -> writer.putHeader("x-request-id", "bench-" + UUID.randomUUID()))
                .endStep();
        Benchmark built = benchmark.build();

        Map<String, StatisticsSnapshot> totals = new HashMap<>();
        new LocalSimulationRunner(built,
                (phase, stepId, metric, snapshot, countDown) -> {
                    synchronized (totals) {
                        totals.computeIfAbsent(metric, m -> new StatisticsSnapshot()).add(snapshot);
                    }
                },
                (phase, minSessions, maxSessions) -> { },
                (authority, tag, min, max) -> { })
                .run();

        StatisticsSnapshot total = new StatisticsSnapshot();
        totals.values().forEach(total::add);
        HttpStats http = HttpStats.get(total);
        long non2xx = http.status_3xx + http.status_4xx + http.status_5xx + http.status_other;
        long errors = non2xx + total.connectionErrors + total.requestTimeouts + total.internalErrors;
        double throughput = (double) http.status_2xx / seconds;
        return new Result(operation, ratePerSec, connections, seconds, total.requestCount, total.responseCount, errors,
                throughput, ms(total.histogram.getValueAtPercentile(50)), ms(total.histogram.getValueAtPercentile(99)),
                ms(total.histogram.getMaxValue()));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
