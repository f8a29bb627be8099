package health.ward.kit.report;

import health.ward.kit.catalogue.ClauseRef;
import java.util.List;
import java.util.Map;

public record ControlResult(String id, String title, String severity, ControlStatus status, int findings,
        Map<String, List<ClauseRef>> mappings) {
}
