package health.ward.kit.evidence;

/** What the evidence of one run says about a control. Only PROVEN is a pass. */
public enum EvidenceResult {
    /** At least one proof executed, and none failed; the tier is the highest that executed. */
    PROVEN,
    /** An executed proof failed. */
    FAILED,
    /** Proofs are written but none executed in this run (kind-tier tests here, skipped or unreported tests). */
    NOT_RUN,
    /** Nothing proves the control: no tagged test, no catalogue e2e test, no audit pass. */
    UNPROVEN
}
