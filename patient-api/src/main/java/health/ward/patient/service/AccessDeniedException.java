package health.ward.patient.service;

/** The caller holds the right role but may not access this record (e.g. another organization). */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String reason) {
        super(reason);
    }
}
