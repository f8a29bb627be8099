package health.ward.e2e.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.stack.LocalStack;

/**
 * {@code make soak}: steady mixed load (reads, creates, searches) against the stack's patient-api,
 * then the correctness verdict — 0 errors, every delivered PHI response audited, audit trail
 * valid — and latency and RSS per window. {@code SoakShortTest} runs the same for 30 s.
 */
public final class Soak {

    public record Result(MixedLoad.Report load, List<MixedLoad.Outcome> missing, long auditedNotDelivered, JsonNode verify,
            String markdown) implements DrillReport.Verdict {
        @Override
        public boolean passed() {
            return load.errors() == 0 && missing.isEmpty() && verify.path("valid").asBoolean(false);
        }
    }

    private Soak() {
    }

    public static Result run(LocalStack stack, int seconds, int ratePerSec, int windowSeconds, String command)
            throws Exception {
        WardApi api = new WardApi(stack.apiUrl(), stack.keycloak().tokenEndpoint());
        List<WardApi.SeededPatient> patients = api.seedPatients("clin.ada", "SOAK-SEED", 50);
        long pid = stack.patientApi().pid();
        MixedLoad.Report load = new MixedLoad(api, "clin.ada", patients, "soak")
                .run(ratePerSec, seconds, windowSeconds, () -> Rss.kib(pid));
        List<MixedLoad.Outcome> missing = AuditLedger.missingAuditEvents(stack.database(), load.outcomes());
        long notDelivered = AuditLedger.auditedButNotDelivered(stack.database(), load.outcomes());
        JsonNode verify = api.verifyAudit(Duration.ofMinutes(5));
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("duration", seconds + " s at " + ratePerSec + " req/s (70 % read, 15 % create, 15 % search), 32 client threads");
        String md = DrillReport.render("Soak", command, facts, load, missing, notDelivered, verify, List.of());
        return new Result(load, missing, notDelivered, verify, md);
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("soak.seconds", 600);
        int rate = Integer.getInteger("soak.rate", 30);
        int window = Integer.getInteger("soak.window", 30);
        DrillReport.runAndExit("soak", stack -> run(stack, seconds, rate, window, "make soak"));
    }
}
