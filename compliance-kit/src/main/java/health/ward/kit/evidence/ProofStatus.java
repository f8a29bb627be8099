package health.ward.kit.evidence;

/** What became of one proof in this run. Only PASSED and FAILED were executed. */
public enum ProofStatus {
    PASSED,
    FAILED,
    /** Reported with {@code <skipped>}: JUnit saw the test and did not run it (disabled, assumption). */
    SKIPPED,
    /** Written, but in no report: excluded from this run (the kind tier here), or its module was not run. */
    NOT_RUN;

    public boolean executed() {
        return this == PASSED || this == FAILED;
    }

    /** The status of a test reported more than once (parameterised, repeated): any failure fails it. */
    static ProofStatus merge(ProofStatus a, ProofStatus b) {
        if (a == FAILED || b == FAILED) {
            return FAILED;
        }
        return a == PASSED || b == PASSED ? PASSED : a.compareTo(b) <= 0 ? a : b;
    }
}
