package health.ward.kit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 2 (ward-kit): a class-level and a method-level tag. */
@Tag("WARD-ENC-002")
class FakeKitTest {

    @Test
    void storageClassFixturesAudit() {
    }

    @Test
    @Tag("WARD-POL-001")
    void podFixturesAudit() {
    }
}
