package health.ward.kit.evidence;

/**
 * One thing that proves a control: a test method ({@code pkg.Class#method}), a whole test class
 * that did not run ({@code pkg.Class}), or the chart audit. {@code source} is the test's source
 * file (or the audit file); {@code via} says why it counts for the control.
 */
public record Proof(String test, String source, Tier tier, ProofStatus status, String via) {

    static final String VIA_CLASS_TAG = "@Tag on class";
    static final String VIA_METHOD_TAG = "@Tag on method";
    static final String VIA_CATALOGUE = "catalogue enforcement.e2e";

    public boolean executed() {
        return status.executed();
    }

    /** The test without its package ({@code Class#method}), for people reading a report. */
    public String shortName() {
        if (tier == Tier.CHART_AUDIT) {
            return test;
        }
        int hash = test.indexOf('#');
        String type = hash < 0 ? test : test.substring(0, hash);
        return test.substring(type.lastIndexOf('.') + 1);
    }
}
