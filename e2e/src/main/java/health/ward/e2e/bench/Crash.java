package health.ward.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.stack.LocalStack;
import health.ward.testing.ManagedProcess;

/**
 * {@code make crash}: mixed load against a patient-api that is killed with SIGKILL and restarted,
 * {@code kills} times during the run. The verdict: every response that delivered PHI
 * has a committed audit event (client log vs audit table, by X-Request-Id), and the audit trail
 * still verifies. Errors while the process is down are expected and only reported.
 * {@code CrashShortTest} runs the same for 30 s with one kill.
 */
public final class Crash {

    public record Result(MixedLoad.Report load, List<MixedLoad.Outcome> missing, long auditedNotDelivered, JsonNode verify,
            List<Double> restartSeconds, String markdown) implements DrillReport.Verdict {
        @Override
        public boolean passed() {
            return missing.isEmpty() && verify.path("valid").asBoolean(false) && load.successes(MixedLoad.Kind.READ) > 0;
        }
    }

    private Crash() {
    }

    public static Result run(LocalStack stack, int seconds, int ratePerSec, int kills, String command) throws Exception {
        Path dir = stack.runDirectory().resolve("crash");
        try (ExtraPatientApi victim = new ExtraPatientApi(stack, ManagedProcess.freePort(), dir).start()) {
            WardApi api = new WardApi(victim.url(), stack.keycloak().tokenEndpoint());
            List<WardApi.SeededPatient> patients = api.seedPatients("clin.ada", "CRASH-SEED", 10);
            CompletableFuture<MixedLoad.Report> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return new MixedLoad(api, "clin.ada", patients, "crash").run(ratePerSec, seconds, 5, victim::rssKiB);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            List<Double> restarts = new ArrayList<>();
            // Kill k at (k+1)/(kills+2) of the run, so the last restart still has load after it
            // (a restart takes seconds; on a busy 2-core machine up to ~20 s).
            long loadStart = System.nanoTime();
            for (int k = 0; k < kills; k++) {
                long killAt = loadStart + TimeUnit.SECONDS.toNanos(seconds) * (k + 1) / (kills + 2);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, killAt - System.nanoTime()));
                victim.kill9();
                long down = System.nanoTime();
                victim.start();
                restarts.add((System.nanoTime() - down) / 1e9);
            }
            MixedLoad.Report report = load.get(seconds + 180L, TimeUnit.SECONDS);
            List<MixedLoad.Outcome> missing = AuditLedger.missingAuditEvents(stack.database(), report.outcomes());
            long notDelivered = AuditLedger.auditedButNotDelivered(stack.database(), report.outcomes());
            JsonNode verify = new WardApi(stack.apiUrl(), stack.keycloak().tokenEndpoint()).verifyAudit(Duration.ofMinutes(5));
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("duration", seconds + " s at " + ratePerSec + " req/s (70 % read, 15 % create, 15 % search)");
            facts.put("SIGKILLs of patient-api", String.valueOf(kills));
            facts.put("kill to ready again (s)", restarts.stream().map(d -> String.format("%.1f", d)).toList().toString());
            String md = DrillReport.render("Crash consistency", command, facts, report, missing, notDelivered, verify,
                    List.of("Errors here are the requests refused or cut off while patient-api was down; they are "
                            + "expected and not a failure. The verdict is the missing-audit count and the verify result."));
            return new Result(report, missing, notDelivered, verify, restarts, md);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("crash.seconds", 120);
        int rate = Integer.getInteger("crash.rate", 30);
        int kills = Integer.getInteger("crash.kills", 3);
        DrillReport.runAndExit("crash", stack -> run(stack, seconds, rate, kills, "make crash"));
    }
}
