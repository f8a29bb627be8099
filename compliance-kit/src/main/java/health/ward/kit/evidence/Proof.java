package health.ward.kit.evidence;

/**
 * One thing that proves a control: a test method ({@code pkg.Class#method}), an invocation that
 * names its control ({@code pkg.Class#method [WARD-POL-001] pass-x.yaml}), a whole test class
 * that did not run ({@code pkg.Class}), a policy-engine case ({@code opa.POLICY#test_x},
 * {@code gator.POLICY#test/case}), or the chart audit. {@code source} is the test's source
 * file (or the audit file); {@code via} says why it counts for the control.
 */
public record Proof(String test, String source, Tier tier, ProofStatus status, String via) {

    static final String VIA_CLASS_TAG = "@Tag on class";
    static final String VIA_METHOD_TAG = "@Tag on method";
    static final String VIA_CATALOGUE = "catalogue enforcement.e2e";
    static final String VIA_GATEKEEPER = "catalogue enforcement.gatekeeper";
    static final String VIA_INVOCATION_NAME = "control in invocation name";

    public boolean executed() {
        return status.executed();
    }

    /**
     * The test without its package ({@code Class#method}), or for an engine case the engine and
     * the case ({@code opa test_x}, {@code gator test/case}), for people reading a report.
     */
    public String shortName() {
        if (tier == Tier.CHART_AUDIT) {
            return test;
        }
        if (tier == Tier.POLICY_ENGINE) {
            int dot = test.indexOf('.');
            int hash = test.indexOf('#');
            return dot > 0 && dot < hash ? test.substring(0, dot) + " " + test.substring(hash + 1) : test;
        }
        int hash = test.indexOf('#');
        String type = hash < 0 ? test : test.substring(0, hash);
        return test.substring(type.lastIndexOf('.') + 1);
    }
}
