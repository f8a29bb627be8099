package health.ward.patient.audit;

/** How the attempt ended. Every outcome is recorded, not only successes. */
public enum AuditOutcome {
    SUCCESS, DENIED, NOT_FOUND, INVALID, ERROR
}
