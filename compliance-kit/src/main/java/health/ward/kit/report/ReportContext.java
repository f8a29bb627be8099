package health.ward.kit.report;

import health.ward.kit.catalogue.Catalogue;
import java.time.Instant;

/**
 * What a report needs besides the results: the catalogue (rule texts), the tool version and the
 * time of the audit. The time is passed in, not read, so a build can fix it (SOURCE_DATE_EPOCH)
 * and get byte-identical reports.
 */
public record ReportContext(Catalogue catalogue, String toolVersion, Instant auditedAt) {
}
