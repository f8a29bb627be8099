package health.ward.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.local.LocalStackExtension;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.RepoPaths;

/**
 * The 30-second version of {@code make crash}: a second patient-api over the shared stack's
 * database is killed with SIGKILL under load and restarted. Every response that delivered PHI must
 * have a committed audit event; the trail must still verify. Errors while it is down are expected.
 * Correctness only, never timing.
 */
@Tag("crash-short")
@Tag("WARD-AUD-001")
@ExtendWith(LocalStackExtension.class)
class CrashShortTest {

    @Test
    void everyDeliveredRecordIsAuditedAcrossASigkillAndTheTrailVerifies(LocalStack stack) throws Exception {
        Crash.Result result = Crash.run(stack, 30, 15, 1, "CrashShortTest");
        DrillReport.write(RepoPaths.runDirectory("crash-short").resolve("crash-report.md"), result.markdown());

        assertThat(result.restartSeconds()).hasSize(1);
        assertThat(result.load().successes(MixedLoad.Kind.READ)).as("reads delivered around the kill").isPositive();
        assertThat(result.missing()).as("2xx responses with PHI but no committed audit event").isEmpty();
        assertThat(result.verify().path("valid").asBoolean()).as("audit verify: " + result.verify()).isTrue();
    }
}
