package health.ward.patient.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;

/**
 * Feeds {@code ward_phi_actor_max_distinct_patients_1h} from the audit trail once a minute: the
 * exfiltration signal needs "per actor", which must never become a metric label.
 */
@ApplicationScoped
public class AccessVolumeSampler {

    private static final Logger LOG = Logger.getLogger(AccessVolumeSampler.class);

    private final AgroalDataSource dataSource;
    private final WardMetrics metrics;

    AccessVolumeSampler(AgroalDataSource dataSource, WardMetrics metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
    }

    @Scheduled(every = "${ward.metrics.access-volume-every:60s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void sample() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT coalesce(max(patients), 0) FROM (
                            SELECT count(DISTINCT patient_id) AS patients FROM ward.audit_event
                            WHERE outcome = 'SUCCESS' AND action IN ('READ', 'SEARCH', 'EXPORT')
                              AND patient_id IS NOT NULL AND occurred_at > now() - interval '1 hour'
                            GROUP BY actor_subject) per_actor
                        """)) {
            rs.next();
            metrics.maxDistinctPatientsPerActor(rs.getLong(1));
        } catch (SQLException e) {
            LOG.warnf("access volume sample skipped: SQLState %s", e.getSQLState());
        }
        sampleErasureRequests();
    }

    /** {@code ward_erasure_requests{state}} and the age of the oldest undecided request. */
    void sampleErasureRequests() {
        java.util.Map<String, Long> byState = new java.util.HashMap<>();
        long oldest = 0;
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT state, count(*) FROM ward.erasure_request GROUP BY state")) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getLong(2));
                }
            }
            try (ResultSet rs = st.executeQuery("""
                    SELECT coalesce(extract(epoch FROM now() - min(requested_at)), 0)::bigint
                    FROM ward.erasure_request WHERE state = 'PENDING'""")) {
                rs.next();
                oldest = rs.getLong(1);
            }
            metrics.erasureRequests(byState, oldest);
        } catch (SQLException e) {
            LOG.warnf("erasure request sample skipped: SQLState %s", e.getSQLState());
        }
    }
}
