package health.ward.kit.catalogue;

import java.util.List;
import java.util.Map;

/** A control as written in {@code catalogue/controls/<id>.yaml}. Mappings are keyed by framework id. */
public record Control(
        String id,
        String title,
        String description,
        String rationale,
        String remediation,
        String severity,
        List<String> targetKinds,
        Enforcement enforcement,
        Map<String, List<ClauseRef>> mappings) {

    public List<ClauseRef> clauses(String frameworkId) {
        return mappings == null ? List.of() : mappings.getOrDefault(frameworkId, List.of());
    }

    public boolean mapsTo(String frameworkId) {
        return !clauses(frameworkId).isEmpty();
    }
}
