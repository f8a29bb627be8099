package health.ward.kit.check;

import java.util.List;
import java.util.Map;

/**
 * Admission enforcement of the controls that have a Gatekeeper template: when the audited input
 * ships Gatekeeper constraints at all (a chart that claims admission enforcement), each such
 * control's constraint must be among them and must deny. A dryrun or warn constraint only logs,
 * so the control would hold only as long as nobody deploys something that breaks it.
 *
 * <p>Inputs without any constraint are not judged here: constraints are often installed by the
 * platform, not by the application's manifests.
 */
final class AdmissionConstraints {

    static final String API_GROUP = "constraints.gatekeeper.sh/";

    /** The constraint kind of each control's template in policies/library (CatalogueIntegrityTest keeps them in step). */
    static final Map<String, String> KIND_BY_CONTROL = Map.ofEntries(
            Map.entry("WARD-POL-001", "WardRunAsNonRoot"),
            Map.entry("WARD-POL-002", "WardReadOnlyRootFilesystem"),
            Map.entry("WARD-POL-003", "WardNoPrivilegeEscalation"),
            Map.entry("WARD-POL-004", "WardDropAllCapabilities"),
            Map.entry("WARD-POL-005", "WardSeccompRuntimeDefault"),
            Map.entry("WARD-POL-006", "WardNoHostAccess"),
            Map.entry("WARD-POL-007", "WardImageDigest"),
            Map.entry("WARD-POL-009", "WardDataClassification"),
            Map.entry("WARD-POL-010", "WardIstioInjection"),
            Map.entry("WARD-NET-003", "WardNoExternalService"),
            Map.entry("WARD-ENC-002", "WardEncryptedStorageClass"));

    private AdmissionConstraints() {
    }

    static void check(String controlId, ResourceIndex index, List<Finding> findings) {
        String kind = KIND_BY_CONTROL.get(controlId);
        List<Resource> constraints = index.withApiVersionPrefix(API_GROUP);
        if (kind == null || constraints.isEmpty()) {
            return;
        }
        List<Resource> own = constraints.stream().filter(r -> r.isKind(kind)).toList();
        if (own.isEmpty()) {
            Resource example = constraints.get(0);
            findings.add(Finding.near(controlId, example, kind, "", "", "kind: " + kind,
                    "the input ships Gatekeeper constraints but none of kind " + kind + ", so admission does not enforce "
                            + controlId + "; add a " + kind + " constraint with spec.enforcementAction: deny"));
            return;
        }
        for (Resource constraint : own) {
            String action = constraint.body().path("spec").path("enforcementAction").asText("deny");
            if (!"deny".equals(action)) {
                findings.add(Finding.of(controlId, constraint, "spec.enforcementAction", kind + " constraint \""
                        + constraint.name() + "\" only " + ("dryrun".equals(action) ? "records" : "warns about")
                        + " violations (enforcementAction: " + action + "); set spec.enforcementAction to deny"));
            }
        }
    }
}
