package health.ward.kit.evidence;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.catalogue.Control;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tier 1: the results of {@code opa test} and {@code gator verify} over the Gatekeeper library, as
 * {@code make test-policies} leaves them in {@value #REPORT_DIR} ({@code policies/engine-report.py}
 * writes them). Each case's class is {@code ENGINE.POLICY}: the engine ({@code opa}, {@code gator})
 * and the policy's directory under {@code policies/src} and {@code policies/library}. The policy's
 * control is the catalogue's: the control whose {@code enforcement.gatekeeper} is
 * {@code policies/library/POLICY/template.yaml} (the catalogue tests hold it to the template's
 * {@code ward.health/control-id} annotation). A case of no policy, or of a policy no control names,
 * cannot be attributed and is reported as such.
 */
public final class PolicyEngines {

    /** Where {@code make test-policies} writes the reports, relative to the repository root. */
    public static final String REPORT_DIR = "compliance-kit/target/policy-reports";

    private static final Set<String> ENGINES = Set.of("opa", "gator");

    private PolicyEngines() {
    }

    /** The control of each policy directory, by the catalogue's {@code enforcement.gatekeeper}. */
    static Map<String, String> controlsByPolicy(Catalogue catalogue) {
        Map<String, String> controls = new TreeMap<>();
        for (Control control : catalogue.controls()) {
            String template = control.enforcement() == null ? null : control.enforcement().gatekeeper();
            if (template != null && !template.isBlank()) {
                Path parent = Path.of(template.strip()).getParent();
                if (parent != null) {
                    controls.put(parent.getFileName().toString(), control.id());
                }
            }
        }
        return controls;
    }

    /** The policy of an engine case's class ({@code opa.ward-pol-001-run-as-non-root}), if it names one. */
    static Optional<String> policy(String className) {
        int dot = className.indexOf('.');
        if (dot < 0 || !ENGINES.contains(className.substring(0, dot)) || dot == className.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(className.substring(dot + 1));
    }
}
