package health.ward.e2e.kind;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 4 (kind): written, never in a report here. */
@Tag("kind")
@Tag("WARD-NET-002")
class DatabaseReachabilityKindTest {

    @Test
    void onlyPatientApiReachesTheDatabasePort() {
    }
}
