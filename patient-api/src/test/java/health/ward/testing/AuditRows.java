package health.ward.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A patient's audit events as the database holds them, oldest first, read as the superuser. */
public final class AuditRows {

    private AuditRows() {
    }

    /** One string per event: the given audit_event {@code columns} (a fixed list, never input) joined by "/". */
    public static List<String> of(String patientId, String... columns) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement q = db.prepareStatement("SELECT concat_ws('/', " + String.join(", ", columns)
                        + ") FROM ward.audit_event WHERE patient_id = ?::uuid ORDER BY sequence")) {
            q.setString(1, patientId);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
