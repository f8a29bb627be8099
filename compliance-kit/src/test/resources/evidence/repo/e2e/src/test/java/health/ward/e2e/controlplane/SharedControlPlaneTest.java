package health.ward.e2e.controlplane;

import health.ward.e2e.cluster.SharedChecks;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// Fixture: the shared checks at the control-plane tier.
@Tag("WARD-GDPR-003")
class SharedControlPlaneTest extends SharedChecks {

    @Test
    @Tag("WARD-IAM-004")
    void ownCheck() {
    }
}
