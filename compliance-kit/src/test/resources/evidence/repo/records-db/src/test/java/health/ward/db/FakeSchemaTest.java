package health.ward.db;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** ward-kit evidence fixture, tier 3 (real PostgreSQL): two class-level tags, both tests pass. */
@Tag("WARD-ENC-002")
@Tag("WARD-IAM-002")
class FakeSchemaTest {

    @Test
    void phiColumnsAreBytea() {
    }

    @Test
    void applicationRoleHasNoDdl() {
    }

    /** Not a test class (like a Quarkus test profile): it inherits the tags but proves nothing. */
    public static class Profile {
        String name() {
            return "fake";
        }
    }
}
