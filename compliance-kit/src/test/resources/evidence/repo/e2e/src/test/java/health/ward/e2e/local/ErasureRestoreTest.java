package health.ward.e2e.local;

import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 3 (local stack): untagged; the catalogue names it for WARD-GDPR-002. */
class ErasureRestoreTest {

    @Test
    void anErasedSubjectStaysErasedAfterARestore() {
    }
}
