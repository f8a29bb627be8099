package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * One line of a patient's accounting of disclosures (HIPAA §164.528): who touched their record,
 * when, how and why. Break-glass accesses are marked.
 */
public record AccessLogEntry(OffsetDateTime occurredAt, String actor, List<String> roles, String organization,
        String action, String resourceType, String purposeOfUse, boolean breakGlass, String outcome) {
}
