package health.ward.e2e.local;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 3 (local stack): the catalogue names it for WARD-AUD-001 and WARD-ENC-001. */
class ClinicianPathTest {

    @Test
    @Tag("WARD-ENC-001")
    void clinicianReadsWithARealToken() {
    }

    @Nested
    @Tag("WARD-BCK-001")
    class Denials {

        @Test
        void anotherOrganizationIsDenied() {
        }
    }
}
