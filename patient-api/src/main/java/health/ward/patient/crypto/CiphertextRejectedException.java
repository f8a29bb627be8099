package health.ward.patient.crypto;

/**
 * A stored ciphertext failed authentication: tampered, or moved from another row or column.
 * The message names only the location, never content.
 */
public class CiphertextRejectedException extends RuntimeException {

    public CiphertextRejectedException(FieldContext context) {
        super("ciphertext rejected for " + context.table() + "." + context.column() + " of row " + context.rowId());
    }
}
