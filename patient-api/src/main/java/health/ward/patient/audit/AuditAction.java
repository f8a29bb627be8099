package health.ward.patient.audit;

/** What was attempted; mirrors FHIR AuditEvent.action (C, R, U, D, E) plus search. */
public enum AuditAction {
    CREATE, READ, UPDATE, DELETE, SEARCH, EXPORT
}
