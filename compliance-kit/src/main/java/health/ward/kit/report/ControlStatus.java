package health.ward.kit.report;

/** Outcome of one control in one audit. */
public enum ControlStatus {
    PASS,
    FAIL,
    /** Checked, and every finding is covered by a waiver that has not expired (see --waivers). */
    WAIVED,
    /** The control has a checker but nothing in the input is of a kind it targets. */
    NOT_APPLICABLE,
    /** ward-kit has no checker for the control; it is proven elsewhere (see the catalogue). */
    NOT_CHECKED;

    public boolean isChecked() {
        return this == PASS || this == FAIL || this == WAIVED;
    }
}
