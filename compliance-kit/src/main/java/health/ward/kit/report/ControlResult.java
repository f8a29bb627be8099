package health.ward.kit.report;

import health.ward.kit.catalogue.ClauseRef;
import java.util.List;
import java.util.Map;

/** @param findings the findings no waiver covers; {@code waived} those a waiver does */
public record ControlResult(String id, String title, String severity, ControlStatus status, int findings, int waived,
        Map<String, List<ClauseRef>> mappings) {
}
