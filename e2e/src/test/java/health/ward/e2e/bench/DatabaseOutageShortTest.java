package health.ward.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.local.LocalStackExtension;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.RepoPaths;

/**
 * The 30-second version of {@code make db-outage}: PostgreSQL is stopped for 8 s and started again
 * under mixed load. Fail closed while it is down (503, never 500, never a hang), recovery without a
 * restart, nothing delivered unaudited. Correctness only, never timing: the recovery grace is a
 * bound on when errors must have stopped, not a performance claim.
 */
@Tag("db-outage-short")
@Tag("WARD-AUD-001")
@ExtendWith(LocalStackExtension.class)
class DatabaseOutageShortTest {

    @Test
    void stoppingPostgresGives503sThenRecoversWithoutARestartAndLosesNoAuditEvent(LocalStack stack) throws Exception {
        DatabaseOutage.Result result = DatabaseOutage.run(stack, 30, 15, 8, "DatabaseOutageShortTest");
        DrillReport.write(RepoPaths.runDirectory("db-outage-short").resolve("db-outage-report.md"), result.markdown());

        assertThat(result.load().outcomes()).hasSize(30 * 15);
        assertThat(result.unanswered()).as("requests with no HTTP answer (hang, reset)").isZero();
        assertThat(result.serverErrorsOtherThan503()).as("5xx other than 503").isZero();
        assertThat(result.refusedWhileDown()).as("503s while PostgreSQL was down: the outage was felt").isPositive();
        assertThat(result.errorsOutsideOutage()).as("errors before the stop or after the recovery grace").isZero();
        assertThat(result.firstSuccessAfterStartMillis()).as("a 2xx after PostgreSQL was back").isPresent();
        assertThat(result.sameProcess()).as("patient-api recovered without a restart").isTrue();
        assertThat(result.missing()).as("2xx responses with PHI but no committed audit event").isEmpty();
        assertThat(result.verify().path("valid").asBoolean()).as("audit verify: " + result.verify()).isTrue();
    }
}
