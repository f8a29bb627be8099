package health.ward.e2e.cluster;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

// Fixture: checks shared by two tiers; abstract, so never listed itself.
public abstract class SharedChecks {

    @Test
    void sharedCheck() {
    }

    @Test
    @Tag("WARD-GDPR-004")
    void taggedSharedCheck() {
    }
}
