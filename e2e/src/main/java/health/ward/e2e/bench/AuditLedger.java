package health.ward.e2e.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
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

    /** One committed audit event, as far as the ledger needs it. */
    public record Event(String action, String outcome) {
    }

    /** The successful outcomes with no matching committed audit event; empty is the only good answer. */
    public static List<MixedLoad.Outcome> missingAuditEvents(RecordsDatabase database, List<MixedLoad.Outcome> outcomes)
            throws SQLException {
        List<MixedLoad.Outcome> delivered = outcomes.stream().filter(MixedLoad.Outcome::success).toList();
        Map<String, List<Event>> events = eventsByRequestId(database, delivered.stream().map(MixedLoad.Outcome::requestId).toList());
        List<MixedLoad.Outcome> missing = new ArrayList<>();
        for (MixedLoad.Outcome o : delivered) {
            if (!events.getOrDefault(o.requestId(), List.of()).contains(new Event(o.kind().auditAction, "SUCCESS"))) {
                missing.add(o);
            }
        }
        return missing;
    }

    /** Committed SUCCESS audit events for requests whose answer the client never got (fine: audited, not delivered). */
    public static long auditedButNotDelivered(RecordsDatabase database, List<MixedLoad.Outcome> outcomes) throws SQLException {
        List<String> failed = outcomes.stream().filter(o -> !o.success()).map(MixedLoad.Outcome::requestId).toList();
        return eventsByRequestId(database, failed).values().stream().flatMap(List::stream)
                .filter(e -> e.outcome().equals("SUCCESS")).count();
    }

    /**
     * The committed audit events carrying each of {@code requestIds} (X-Request-Id), oldest first,
     * read as the superuser after the requests were answered, so only committed rows are seen.
     */
    public static Map<String, List<Event>> eventsByRequestId(RecordsDatabase database, Collection<String> requestIds)
            throws SQLException {
        Map<String, List<Event>> events = new HashMap<>();
        List<String> ids = List.copyOf(requestIds);
        try (Connection c = database.superuserConnection(RecordsDatabase.DATABASE);
                PreparedStatement query = c.prepareStatement("SELECT request_id, action, outcome FROM ward.audit_event "
                        + "WHERE request_id = ANY (?) ORDER BY sequence")) {
            for (int from = 0; from < ids.size(); from += 5000) {
                Array batch = c.createArrayOf("text", ids.subList(from, Math.min(ids.size(), from + 5000)).toArray());
                query.setArray(1, batch);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Event(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return events;
    }
}
