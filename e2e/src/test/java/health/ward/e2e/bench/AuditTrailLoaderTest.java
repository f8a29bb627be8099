package health.ward.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.db.RecordsDatabase;
import health.ward.e2e.local.LocalStackExtension;
import health.ward.e2e.stack.LocalStack;

/**
 * The 1,000,000-event verify benchmark's loader, kept honest in {@code make test}: events it writes
 * must verify through patient-api's verifier and be sealed by patient-api's sealer. If the loader's
 * MACs or rows drifted from patient-api's canonical form, the benchmark would time a broken trail.
 */
@ExtendWith(LocalStackExtension.class)
class AuditTrailLoaderTest {

    @Test
    void loadedEventsAreSealedAndVerifyAsGenuine(LocalStack stack) throws Exception {
        WardApi api = new WardApi(stack.apiUrl(), stack.keycloak().tokenEndpoint());
        api.seedPatients("clin.ada", "LOADER-SEED", 1); // the trail's MAC key exists once an event was written
        long before;
        try (Connection c = stack.database().superuserConnection(RecordsDatabase.DATABASE); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM ward.audit_event")) {
            rs.next();
            before = rs.getLong(1);
        }
        long size = AuditTrailLoader.fill(stack, stack.runDirectory().resolve("audit-loader-test"), before + 2_000);
        assertThat(size).isGreaterThanOrEqualTo(before + 2_000);

        JsonNode verify = api.verifyAudit(Duration.ofMinutes(2));
        assertThat(verify.path("valid").asBoolean()).as("verify: " + verify).isTrue();
        assertThat(verify.path("checked").asLong()).isGreaterThanOrEqualTo(size);
    }
}
