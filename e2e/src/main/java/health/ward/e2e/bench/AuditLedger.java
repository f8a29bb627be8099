package health.ward.e2e.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import health.ward.db.RecordsDatabase;

/**
 * The client's log against the audit table: every response that returned PHI (a 2xx read, create
 * or search) must have a committed audit event with the same request id, the matching action and
 * outcome SUCCESS. Reads as the superuser, after the load, so only committed rows are seen.
 */
public final class AuditLedger {

    private AuditLedger() {
    }

    /** The successful outcomes with no matching committed audit event; empty is the only good answer. */
    public static List<MixedLoad.Outcome> missingAuditEvents(RecordsDatabase database, List<MixedLoad.Outcome> outcomes)
            throws SQLException {
        List<MixedLoad.Outcome> delivered = outcomes.stream().filter(MixedLoad.Outcome::success).toList();
        Map<String, String> actionByRequestId = new HashMap<>();
        try (Connection c = database.superuserConnection(RecordsDatabase.DATABASE);
                PreparedStatement query = c.prepareStatement(
                        "SELECT request_id, action FROM ward.audit_event WHERE outcome = 'SUCCESS' AND request_id = ANY (?)")) {
            for (int from = 0; from < delivered.size(); from += 5000) {
                List<MixedLoad.Outcome> batch = delivered.subList(from, Math.min(delivered.size(), from + 5000));
                Array ids = c.createArrayOf("text", batch.stream().map(MixedLoad.Outcome::requestId).toArray());
                query.setArray(1, ids);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        actionByRequestId.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        List<MixedLoad.Outcome> missing = new ArrayList<>();
        for (MixedLoad.Outcome o : delivered) {
            if (!o.kind().auditAction.equals(actionByRequestId.get(o.requestId()))) {
                missing.add(o);
            }
        }
        return missing;
    }

    /** Committed SUCCESS audit events for requests whose answer the client never got (fine: audited, not delivered). */
    public static long auditedButNotDelivered(RecordsDatabase database, List<MixedLoad.Outcome> outcomes) throws SQLException {
        List<String> failed = outcomes.stream().filter(o -> !o.success()).map(MixedLoad.Outcome::requestId).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        try (Connection c = database.superuserConnection(RecordsDatabase.DATABASE);
                PreparedStatement query = c.prepareStatement(
                        "SELECT count(*) FROM ward.audit_event WHERE outcome = 'SUCCESS' AND request_id = ANY (?)")) {
            query.setArray(1, c.createArrayOf("text", failed.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
