package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One audit event as an auditor sees it (no PHI is ever stored in one). */
public record AuditEventView(
        long sequence,
        UUID id,
        OffsetDateTime occurredAt,
        Actor actor,
        String action,
        String resourceType,
        String resourceId,
        UUID patientId,
        String purposeOfUse,
        String outcome,
        String sourceAddress,
        String requestId,
        String traceId) {

    public record Actor(String subject, String username, List<String> roles, String organization, String clientId) {
    }
}
