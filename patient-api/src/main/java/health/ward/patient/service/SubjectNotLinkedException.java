package health.ward.patient.service;

/** The caller's account is linked to no patient record. */
public class SubjectNotLinkedException extends RuntimeException {

    public SubjectNotLinkedException() {
        super("no record is linked to the caller's account");
    }
}
