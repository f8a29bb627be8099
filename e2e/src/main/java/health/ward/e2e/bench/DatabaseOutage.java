package health.ward.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.db.EmbeddedRecordsDb;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;

/**
 * {@code make db-outage}: PostgreSQL stopped ({@code pg_ctl stop -m fast}) and started again under
 * mixed load, with patient-api left running. The verdict (issue 8): every request gets an answer,
 * no 5xx but 503 at any time, 503s while the database is down, no error once it has been back for
 * {@link #RECOVERY_GRACE} — recovery without a restart of patient-api (same process throughout) —
 * and, as for the crash drill, every response that delivered PHI has a committed audit event and
 * the trail verifies.
 *
 * <p>The drill stops a PostgreSQL of its own (embedded, with the stack's role passwords) under a
 * patient-api of its own, so the shared stack of the e2e tests is never disturbed; that is also why
 * it runs on the embedded server on both database paths of the tests (a container's server cannot be
 * stopped without ending the container). {@code DatabaseOutageShortTest} runs it for 30 s.
 */
public final class DatabaseOutage {

    /** After the server is back, requests scheduled later than this must all succeed. */
    static final Duration RECOVERY_GRACE = Duration.ofSeconds(5);

    /** {@link System#nanoTime()} marks: stop requested, stop done, start requested, start done. */
    public record Phases(long stopRequested, long stopped, long startRequested, long started) {
    }

    public record Result(MixedLoad.Report load, Phases phases, long unanswered, long serverErrorsOtherThan503,
            long refusedWhileDown, long errorsOutsideOutage, OptionalLong firstSuccessAfterStartMillis,
            boolean sameProcess, List<MixedLoad.Outcome> missing, long auditedNotDelivered, JsonNode verify, String markdown)
            implements DrillReport.Verdict {
        @Override
        public boolean passed() {
            return unanswered == 0 && serverErrorsOtherThan503 == 0 && refusedWhileDown > 0 && errorsOutsideOutage == 0
                    && firstSuccessAfterStartMillis.isPresent() && sameProcess && missing.isEmpty()
                    && verify.path("valid").asBoolean(false);
        }
    }

    private DatabaseOutage() {
    }

    /** Load for {@code seconds}; the database goes down at a third of the run for {@code downSeconds}. */
    public static Result run(LocalStack stack, int seconds, int ratePerSec, int downSeconds, String command) throws Exception {
        Path dir = stack.runDirectory().resolve("db-outage");
        try (EmbeddedRecordsDb database = EmbeddedRecordsDb.start(dir.resolve("pgdata"), 0,
                stack.database().migratorPassword(), stack.database().appPassword());
                ExtraPatientApi api = new ExtraPatientApi(stack, ManagedProcess.freePort(), dir, database.jdbcUrl()).start()) {
            WardApi client = new WardApi(api.url(), stack.keycloak().tokenEndpoint());
            List<WardApi.SeededPatient> patients = client.seedPatients("clin.ada", "OUTAGE-SEED", 10);
            long pid = api.pid();
            long loadStart = System.nanoTime();
            CompletableFuture<MixedLoad.Report> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return new MixedLoad(client, "clin.ada", patients, "outage").run(ratePerSec, seconds, 5, api::rssKiB);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            TimeUnit.NANOSECONDS.sleep(Math.max(0, loadStart + TimeUnit.SECONDS.toNanos(seconds) / 3 - System.nanoTime()));
            long stopRequested = System.nanoTime();
            Phases phases;
            try {
                database.stopServer();
                long stopped = System.nanoTime();
                TimeUnit.SECONDS.sleep(downSeconds);
                long startRequested = System.nanoTime();
                database.startServer();
                phases = new Phases(stopRequested, stopped, startRequested, System.nanoTime());
            } catch (RuntimeException | InterruptedException e) {
                running.cancel(true);
                throw e;
            }
            MixedLoad.Report load = running.get(seconds + 180L, TimeUnit.SECONDS);
            boolean sameProcess = api.isAlive() && api.pid() == pid;
            List<MixedLoad.Outcome> missing = AuditLedger.missingAuditEvents(database, load.outcomes());
            long notDelivered = AuditLedger.auditedButNotDelivered(database, load.outcomes());
            JsonNode verify = client.verifyAudit(Duration.ofMinutes(5));
            return verdict(load, phases, sameProcess, missing, notDelivered, verify, seconds, ratePerSec, command);
        }
    }

    private static Result verdict(MixedLoad.Report load, Phases phases, boolean sameProcess, List<MixedLoad.Outcome> missing,
            long notDelivered, JsonNode verify, int seconds, int rate, String command) {
        List<MixedLoad.Outcome> outcomes = load.outcomes();
        long unanswered = outcomes.stream().filter(o -> o.status() < 0).count();
        long otherServerErrors = outcomes.stream().filter(o -> o.status() >= 500 && o.status() != 503).count();
        long refusedWhileDown = outcomes.stream()
                .filter(o -> o.status() == 503 && ran(o, phases.stopped(), phases.startRequested())).count();
        long errorsOutside = outcomes.stream()
                .filter(o -> !o.success() && !ran(o, phases.stopRequested(), phases.started() + RECOVERY_GRACE.toNanos()))
                .count();
        OptionalLong firstSuccess = outcomes.stream()
                .filter(o -> o.success() && o.scheduledNanos() >= phases.started())
                .mapToLong(o -> (o.scheduledNanos() + o.latencyNanos() - phases.started()) / 1_000_000).min();
        long lastErrorAfterStart = outcomes.stream().filter(o -> !o.success() && o.scheduledNanos() >= phases.started())
                .mapToLong(o -> (o.scheduledNanos() - phases.started()) / 1_000_000).max().orElse(-1);

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("duration", seconds + " s at " + rate + " req/s (70 % read, 15 % create, 15 % search)");
        facts.put("PostgreSQL stop (pg_ctl stop -m fast) took", ms(phases.stopped() - phases.stopRequested()));
        facts.put("PostgreSQL down for", ms(phases.startRequested() - phases.stopped()));
        facts.put("PostgreSQL start (pg_ctl start -w) took", ms(phases.started() - phases.startRequested()));
        facts.put("requests with no HTTP answer (target 0)", String.valueOf(unanswered));
        facts.put("5xx other than 503 (target 0)", String.valueOf(otherServerErrors));
        facts.put("503 while the database was down (must be > 0)", String.valueOf(refusedWhileDown));
        facts.put("errors outside the outage and its " + RECOVERY_GRACE.toSeconds() + " s recovery grace (target 0)",
                String.valueOf(errorsOutside));
        facts.put("first 2xx after the database was back", firstSuccess.isPresent() ? firstSuccess.getAsLong() + " ms" : "none");
        facts.put("last error scheduled after the database was back",
                lastErrorAfterStart < 0 ? "none" : lastErrorAfterStart + " ms after");
        facts.put("patient-api the same process throughout (no restart)", String.valueOf(sameProcess));
        String md = DrillReport.render("PostgreSQL outage", command, facts, load, missing, notDelivered, verify,
                List.of("The 503s are the point of the drill: while PostgreSQL is down nothing can be audited, so "
                        + "nothing is returned or changed (fail closed)."));
        return new Result(load, phases, unanswered, otherServerErrors, refusedWhileDown, errorsOutside, firstSuccess,
                sameProcess, missing, notDelivered, verify, md);
    }

    /** Whether the request was in flight at some moment of [from, to]. */
    private static boolean ran(MixedLoad.Outcome o, long from, long to) {
        return o.scheduledNanos() <= to && o.scheduledNanos() + o.latencyNanos() >= from;
    }

    private static String ms(long nanos) {
        return nanos / 1_000_000 + " ms";
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("outage.seconds", 90);
        int rate = Integer.getInteger("outage.rate", 30);
        int down = Integer.getInteger("outage.down", 20);
        DrillReport.runAndExit("db-outage", stack -> run(stack, seconds, rate, down, "make db-outage"));
    }
}
