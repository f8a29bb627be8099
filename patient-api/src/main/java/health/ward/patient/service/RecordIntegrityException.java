package health.ward.patient.service;

import java.util.UUID;

/**
 * Stored authorization data failed its MAC (WARD-IAM-001, WARD-IAM-004): a record's organization,
 * restriction, version or key, a break-glass grant, or the account link was changed outside Ward.
 * Nothing is served. The message names ids and the kind of data only, never a value.
 */
public class RecordIntegrityException extends RuntimeException {

    private final UUID patientId;
    private final String kind;

    public RecordIntegrityException(String kind, UUID patientId, UUID rowId) {
        super(kind + " failed its integrity check: patient " + patientId + ", row " + rowId);
        this.kind = kind;
        this.patientId = patientId;
    }

    public UUID patientId() {
        return patientId;
    }

    /** A closed set: "patient-authz", "account-link", "break-glass-grant". */
    public String kind() {
        return kind;
    }
}
