package health.ward.kit.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WARD-POL-010, same semantics and message as policies/src/ward-pol-010-istio-injection: a
 * Namespace labelled as holding PHI must have istio-injection=enabled. The audit also judges a
 * Namespace that holds a PHI workload ({@link WorkloadRoles}) whatever its own label says.
 */
public final class IstioInjectionCheck implements Check {

    public static final String CONTROL_ID = "WARD-POL-010";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        // Namespaces that hold PHI by evidence (a PHI workload in them), whatever their own label says.
        Map<String, Resource> phiByWorkload = new HashMap<>();
        index.roles().phiNamespaces().forEach((name, example) -> {
            if (!example.isKind("Namespace")) {
                phiByWorkload.put(name, example);
            }
        });
        List<Finding> findings = new ArrayList<>();
        for (Resource ns : index.ofKind("Namespace")) {
            var labels = ns.body().path("metadata").path("labels");
            if ("enabled".equals(labels.path("istio-injection").asText(null))) {
                continue;
            }
            String injection = "\"; set metadata.labels[\"istio-injection\"] to \"enabled\"";
            String current = labels.path("istio-injection").asText("unset");
            if ("phi".equals(labels.path(DataClassificationLabelCheck.KEY).asText(null))) {
                findings.add(Finding.of(CONTROL_ID, ns, "metadata.labels[\"istio-injection\"]", "namespace \"" + ns.name()
                        + "\" holds PHI (ward.health/data-classification=phi) but istio-injection is \"" + current + injection));
            } else if (phiByWorkload.containsKey(ns.name())) {
                Resource example = phiByWorkload.get(ns.name());
                findings.add(Finding.of(CONTROL_ID, ns, "metadata.labels[\"istio-injection\"]", "namespace \"" + ns.name()
                        + "\" holds PHI (" + example.kind() + " \"" + example.name() + "\": "
                        + index.roles().phiReason(example).orElseThrow() + ") but istio-injection is \"" + current + injection));
            }
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
        return findings;
    }
}
