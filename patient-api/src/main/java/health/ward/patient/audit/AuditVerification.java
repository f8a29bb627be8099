package health.ward.patient.audit;

/**
 * Result of {@code GET /audit-events/verify}. {@code firstBrokenSequence} is the lowest audit event
 * sequence at which the trail was found changed, removed, forged or cut off; null when valid.
 * {@code unsealed} counts genuine events not yet chained (they were MAC-checked).
 */
public record AuditVerification(boolean valid, long checked, Long firstBrokenSequence, long unsealed) {
}
