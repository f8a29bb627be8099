package health.ward.patient.service;

/**
 * A subject-rights request that cannot proceed as asked (409): a second open erasure request, a
 * decision on a finished request, a legal hold blocking erasure. {@code problemType} names the case
 * for clients; the message is Ward's own text and never contains PHI.
 */
public class SubjectRightsConflictException extends RuntimeException {

    private final String problemType;

    public SubjectRightsConflictException(String problemType, String message) {
        super(message);
        this.problemType = problemType;
    }

    public String problemType() {
        return problemType;
    }
}
