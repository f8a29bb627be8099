package health.ward.kit.cli;

/** ward-kit's exit codes, shared with CI scripts that gate on them. */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int FINDINGS = 3;

    private ExitCodes() {
    }
}
