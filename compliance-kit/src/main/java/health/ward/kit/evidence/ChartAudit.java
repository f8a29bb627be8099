package health.ward.kit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.ward.kit.check.InputException;
import health.ward.kit.report.ControlStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of {@code ward-kit audit --format json} on the rendered chart, read back as tier-2
 * evidence: a control the audit passed is proven at {@link Tier#CHART_AUDIT}, one it failed has a
 * failed proof, and one it did not check (or had nothing to judge) gains nothing.
 */
public record ChartAudit(String file, Map<String, Outcome> controls) {

    public record Outcome(ControlStatus status, int findings) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ChartAudit read(Path file) throws InputException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        String notAnAudit = file + ": not the output of `ward-kit audit --format json`";
        if (root == null || !root.path("controls").isArray()) {
            throw new InputException(notAnAudit + " (no controls array)");
        }
        Map<String, Outcome> controls = new TreeMap<>();
        for (JsonNode control : root.path("controls")) {
            String id = control.path("id").asText("");
            String status = control.path("status").asText("");
            ControlStatus parsed;
            try {
                parsed = ControlStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new InputException(notAnAudit + " (control '" + id + "' has status '" + status + "')", e);
            }
            if (id.isEmpty()) {
                throw new InputException(notAnAudit + " (a control without id)");
            }
            controls.put(id, new Outcome(parsed, control.path("findings").asInt(0)));
        }
        return new ChartAudit(file.toString(), Map.copyOf(controls));
    }
}
