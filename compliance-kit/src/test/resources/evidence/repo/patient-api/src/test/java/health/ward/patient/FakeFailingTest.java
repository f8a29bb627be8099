package health.ward.patient;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 3 (service): one test fails, one errors. */
class FakeFailingTest {

    @Test
    @Tag("WARD-IAM-005")
    void failingProof() {
        fail("the grant is too wide");
    }

    @Test
    @Tag("WARD-IAM-002")
    void erroringProof() {
        throw new IllegalStateException("no database");
    }
}
