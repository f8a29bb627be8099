package health.ward.kit.check;

import java.util.ArrayList;
import java.util.List;

/**
 * WARD-POL-010, same semantics and message as policies/src/ward-pol-010-istio-injection: a
 * Namespace labelled as holding PHI must have istio-injection=enabled.
 */
public final class IstioInjectionCheck implements Check {

    public static final String CONTROL_ID = "WARD-POL-010";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        List<Finding> findings = new ArrayList<>();
        for (Resource ns : resources) {
            var labels = ns.body().path("metadata").path("labels");
            if (ns.isKind("Namespace") && "phi".equals(labels.path(DataClassificationLabelCheck.KEY).asText(null))
                    && !"enabled".equals(labels.path("istio-injection").asText(null))) {
                findings.add(Finding.of(CONTROL_ID, ns, "metadata.labels[\"istio-injection\"]", "namespace \"" + ns.name()
                        + "\" holds PHI (ward.health/data-classification=phi) but istio-injection is \""
                        + labels.path("istio-injection").asText("unset")
                        + "\"; set metadata.labels[\"istio-injection\"] to \"enabled\""));
            }
        }
        AdmissionConstraints.check(CONTROL_ID, resources, findings);
        return findings;
    }
}
