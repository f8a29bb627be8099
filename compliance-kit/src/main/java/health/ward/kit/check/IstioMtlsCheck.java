package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * WARD-ENC-003: STRICT mutual TLS is what Istio actually enforces for every PHI workload, not
 * merely what one policy says. PHI workloads are recognised by label or by evidence (the
 * database, its clients, mounts of its volumes: {@link WorkloadRoles}); a workload that cannot be
 * classified either way is judged as if it held PHI, and its findings say so.
 *
 * <p>Istio resolves PeerAuthentication by precedence: a workload-level policy (with a selector)
 * over a namespace-level policy (no selector) over the mesh-wide policy (no selector, in the root
 * namespace, assumed to be istio-system); UNSET inherits from the next level; with no policy at
 * all the mode is PERMISSIVE. On a workload-level policy, portLevelMtls overrides the mode for one
 * port, so a DISABLE or PERMISSIVE there opens exactly that port. A PHI pod that opts out of the
 * sidecar is not meshed at all.
 *
 * <p>Applicability, decided deliberately: the control applies when the input has PHI workloads,
 * since those are what it protects. PHI workloads without any PeerAuthentication in the input
 * fail (Istio's default is PERMISSIVE); a mesh-wide STRICT kept outside the chart passes once it is
 * part of the audited input. Only workloads explicitly classified internal or public (and not
 * shown to hold PHI) are left out; PeerAuthentications without any other workload are NOT_APPLICABLE.
 */
public final class IstioMtlsCheck implements Check {

    public static final String CONTROL_ID = "WARD-ENC-003";

    static final String MESH_ROOT_NAMESPACE = "istio-system";
    static final String PHI_LABEL = "ward.health/data-classification";
    private static final String INJECT = "sidecar.istio.io/inject";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return index.workloads().stream().anyMatch(w -> judged(index.roles(), w));
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        WorkloadRoles roles = index.roles();
        // A workload sees only its own namespace's policies and the mesh root's. Workload-level
        // policies are related to workloads from the policy's side, each selector evaluated once.
        Map<String, Resource> namespaceWide = new HashMap<>();
        Map<Resource, List<Resource>> workloadLevel = new IdentityHashMap<>();
        for (Resource policy : index.ofKind("PeerAuthentication")) {
            JsonNode selector = policy.body().path("spec").path("selector");
            if (LabelSelectors.isEmpty(selector)) {
                namespaceWide.putIfAbsent(policy.namespace(), policy);
            } else {
                for (Resource workload : index.workloadsSelectedBy(policy.namespace(), selector)) {
                    workloadLevel.computeIfAbsent(workload, k -> new ArrayList<>()).add(policy);
                }
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource workload : index.workloads()) {
            if (judged(roles, workload)) {
                Resource mesh = workload.namespace().equals(MESH_ROOT_NAMESPACE) ? null : namespaceWide.get(MESH_ROOT_NAMESPACE);
                checkWorkload(workload, subject(roles, workload), mesh, namespaceWide.get(workload.namespace()),
                        workloadLevel.getOrDefault(workload, List.of()), findings);
            }
        }
        return findings;
    }

    private static boolean judged(WorkloadRoles roles, Resource workload) {
        return roles.classification(workload) != WorkloadRoles.Classification.NOT_PHI;
    }

    /** "Deployment \"x\" holds PHI", with the evidence when it is not the label, or "may hold PHI" and why. */
    private static String subject(WorkloadRoles roles, Resource workload) {
        String label = workload.kind() + " \"" + workload.name() + "\"";
        return roles.phiReason(workload)
                .map(reason -> reason.startsWith("it is labelled") ? label + " holds PHI" : label + " holds PHI (" + reason + ")")
                .orElse(label + " may hold PHI (it has no " + PHI_LABEL + " label of internal or public, so it cannot be"
                        + " classified as holding none)");
    }

    private void checkWorkload(Resource workload, String subject, Resource mesh, Resource namespaceWide,
            List<Resource> workloadLevel, List<Finding> findings) {
        String label = workload.kind() + " \"" + workload.name() + "\"";
        JsonNode podMeta = PodSpecs.podMetadata(workload);
        String templatePath = PodSpecs.templatePath(workload.kind());
        String metaPrefix = templatePath.isEmpty() ? "metadata" : templatePath + ".metadata";
        if ("false".equals(podMeta.path("labels").path(INJECT).asText()) || "false".equals(podMeta.path("annotations").path(INJECT).asText())) {
            String where = "false".equals(podMeta.path("labels").path(INJECT).asText()) ? "labels" : "annotations";
            String path = metaPrefix + "." + where + "[\"" + INJECT + "\"]";
            findings.add(Finding.of(CONTROL_ID, workload, path, subject + " but opts out of the Istio sidecar, so no"
                    + " mTLS applies to it; remove " + path));
            return;
        }

        if (workloadLevel.size() > 1) {
            // Istio then applies the oldest one, which a manifest cannot tell; the result is undefined here.
            for (Resource policy : workloadLevel) {
                findings.add(Finding.of(CONTROL_ID, policy, "spec.selector", label + " is selected by "
                        + workloadLevel.size() + " workload-level PeerAuthentications and Istio applies only the oldest;"
                        + " keep one and narrow spec.selector of the others"));
            }
            return;
        }
        Resource own = workloadLevel.isEmpty() ? null : workloadLevel.get(0);

        // Resolve the workload-wide mode, most specific level first.
        String mode = "PERMISSIVE";
        Resource decidedBy = null;
        for (Resource level : new Resource[] {mesh, namespaceWide, own}) {
            String levelMode = level == null ? "UNSET" : level.body().path("spec").path("mtls").path("mode").asText("UNSET");
            if (!"UNSET".equals(levelMode)) {
                mode = levelMode;
                decidedBy = level;
            }
        }
        if (!"STRICT".equals(mode)) {
            if (decidedBy == null) {
                findings.add(Finding.of(CONTROL_ID, workload, "PeerAuthentication spec.mtls.mode", subject
                        + " but no PeerAuthentication in the input covers it, and Istio defaults to PERMISSIVE;"
                        + " add a PeerAuthentication with spec.mtls.mode: STRICT in namespace \"" + workload.namespace()
                        + "\" (or include the mesh-wide one from " + MESH_ROOT_NAMESPACE + " in the audit)"));
            } else {
                findings.add(Finding.of(CONTROL_ID, decidedBy, "spec.mtls.mode", subject + " but its effective mTLS"
                        + " mode is " + mode + ", set by PeerAuthentication \"" + decidedBy.namespace() + "/"
                        + decidedBy.name() + "\"" + (decidedBy == own ? " (workload level, overriding the namespace)" : "")
                        + "; set spec.mtls.mode to STRICT"));
            }
        }
        if (own != null) {
            Iterator<Map.Entry<String, JsonNode>> ports = own.body().path("spec").path("portLevelMtls").fields();
            while (ports.hasNext()) {
                Map.Entry<String, JsonNode> port = ports.next();
                String portMode = port.getValue().path("mode").asText("UNSET");
                if ("PERMISSIVE".equals(portMode) || "DISABLE".equals(portMode)) {
                    String path = "spec.portLevelMtls[\"" + port.getKey() + "\"].mode";
                    findings.add(Finding.of(CONTROL_ID, own, path, subject + " but port " + port.getKey()
                            + " accepts " + ("DISABLE".equals(portMode) ? "plaintext only" : "plaintext") + " (" + portMode
                            + ") despite the workload-wide mode; set " + path + " to STRICT or remove the entry"));
                }
            }
        }
    }
}
