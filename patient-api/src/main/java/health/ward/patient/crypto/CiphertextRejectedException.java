package health.ward.patient.crypto;

/**
 * A stored ciphertext failed authentication: tampered, or moved from another row or column.
 * The message names only the location, never content.
 */
public class CiphertextRejectedException extends RuntimeException {

    private final FieldContext context;

    public CiphertextRejectedException(FieldContext context) {
        super("ciphertext rejected for " + context.table() + "." + context.column() + " of row " + context.rowId());
        this.context = context;
    }

    /** The patient whose row it is, when the ciphertext is a patient row's own field; else null. */
    public java.util.UUID patientId() {
        return health.ward.patient.repository.PatientEntity.TABLE.equals(context.table()) ? context.rowId() : null;
    }
}
