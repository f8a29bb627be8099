package health.ward.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.local.LocalStackExtension;
import health.ward.e2e.stack.LocalStack;
import health.ward.testing.RepoPaths;

/**
 * The 30-second version of {@code make soak}, so the soak harness cannot rot. Correctness only —
 * this machine is shared and slow, so nothing here asserts on latency or throughput.
 */
@Tag("soak-short")
@Tag("WARD-AUD-001")
@ExtendWith(LocalStackExtension.class)
class SoakShortTest {

    @Test
    void mixedLoadHasNoErrorsEveryDeliveredRecordIsAuditedAndTheTrailVerifies(LocalStack stack) throws Exception {
        Soak.Result result = Soak.run(stack, 30, 15, 10, "SoakShortTest");
        DrillReport.write(RepoPaths.runDirectory("soak-short").resolve("soak-report.md"), result.markdown());

        assertThat(result.load().outcomes()).hasSize(30 * 15);
        assertThat(result.load().successes(MixedLoad.Kind.READ)).isPositive();
        assertThat(result.load().errors()).as("non-2xx or unanswered requests").isZero();
        assertThat(result.missing()).as("2xx responses with PHI but no committed audit event").isEmpty();
        assertThat(result.verify().path("valid").asBoolean()).as("audit verify: " + result.verify()).isTrue();
    }
}
