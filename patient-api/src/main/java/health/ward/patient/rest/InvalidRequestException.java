package health.ward.patient.rest;

/** A request that is well-formed but not acceptable; the detail is Ward's own text, safe to return. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String safeDetail) {
        super(safeDetail);
    }
}
