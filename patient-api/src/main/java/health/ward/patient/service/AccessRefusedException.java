package health.ward.patient.service;

/**
 * A refusal that is a business outcome, not a failure: its DENIED or NOT_FOUND audit row must commit,
 * so transactions name this type in {@code dontRollbackOn}.
 */
public abstract class AccessRefusedException extends RuntimeException {

    protected AccessRefusedException(String message) {
        super(message);
    }
}
