package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * WARD-ENC-003: STRICT mutual TLS is what Istio actually enforces for every PHI workload (pod
 * label ward.health/data-classification=phi), not merely what one policy says.
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
 * part of the audited input. PeerAuthentications without PHI workloads are NOT_APPLICABLE.
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
    public boolean appliesTo(List<Resource> resources, List<String> targetKinds) {
        return resources.stream().anyMatch(IstioMtlsCheck::isPhiWorkload);
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        // A workload sees only its own namespace's policies and the mesh root's.
        Map<String, List<Resource>> policiesByNamespace = new HashMap<>();
        for (Resource resource : resources) {
            if (resource.isKind("PeerAuthentication")) {
                policiesByNamespace.computeIfAbsent(resource.namespace(), k -> new ArrayList<>()).add(resource);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource workload : resources) {
            if (isPhiWorkload(workload)) {
                List<Resource> policies = new ArrayList<>(policiesByNamespace.getOrDefault(workload.namespace(), List.of()));
                if (!workload.namespace().equals(MESH_ROOT_NAMESPACE)) {
                    policies.addAll(policiesByNamespace.getOrDefault(MESH_ROOT_NAMESPACE, List.of()));
                }
                checkWorkload(workload, policies, findings);
            }
        }
        return findings;
    }

    private void checkWorkload(Resource workload, List<Resource> policies, List<Finding> findings) {
        String label = workload.kind() + " \"" + workload.name() + "\"";
        JsonNode podMeta = PodSpecs.podMetadata(workload);
        String templatePath = PodSpecs.templatePath(workload.kind());
        String metaPrefix = templatePath.isEmpty() ? "metadata" : templatePath + ".metadata";
        if ("false".equals(podMeta.path("labels").path(INJECT).asText()) || "false".equals(podMeta.path("annotations").path(INJECT).asText())) {
            String where = "false".equals(podMeta.path("labels").path(INJECT).asText()) ? "labels" : "annotations";
            String path = metaPrefix + "." + where + "[\"" + INJECT + "\"]";
            findings.add(Finding.of(CONTROL_ID, workload, path, label + " holds PHI but opts out of the Istio sidecar, so no"
                    + " mTLS applies to it; remove " + path));
            return;
        }

        Resource mesh = null;
        Resource namespaceWide = null;
        List<Resource> workloadLevel = new ArrayList<>();
        for (Resource policy : policies) {
            JsonNode selector = policy.body().path("spec").path("selector");
            boolean hasSelector = !LabelSelectors.isEmpty(selector);
            if (hasSelector && policy.namespace().equals(workload.namespace())
                    && LabelSelectors.matches(selector, podMeta.path("labels"))) {
                workloadLevel.add(policy);
            } else if (!hasSelector && policy.namespace().equals(workload.namespace())) {
                namespaceWide = namespaceWide == null ? policy : namespaceWide;
            } else if (!hasSelector && policy.namespace().equals(MESH_ROOT_NAMESPACE)) {
                mesh = mesh == null ? policy : mesh;
            }
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
                findings.add(Finding.of(CONTROL_ID, workload, "PeerAuthentication spec.mtls.mode", label
                        + " holds PHI but no PeerAuthentication in the input covers it, and Istio defaults to PERMISSIVE;"
                        + " add a PeerAuthentication with spec.mtls.mode: STRICT in namespace \"" + workload.namespace()
                        + "\" (or include the mesh-wide one from " + MESH_ROOT_NAMESPACE + " in the audit)"));
            } else {
                findings.add(Finding.of(CONTROL_ID, decidedBy, "spec.mtls.mode", label + " holds PHI but its effective mTLS"
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
                    findings.add(Finding.of(CONTROL_ID, own, path, label + " holds PHI but port " + port.getKey()
                            + " accepts " + ("DISABLE".equals(portMode) ? "plaintext only" : "plaintext") + " (" + portMode
                            + ") despite the workload-wide mode; set " + path + " to STRICT or remove the entry"));
                }
            }
        }
    }

    static boolean isPhiWorkload(Resource resource) {
        return PodSpecs.WORKLOAD_KINDS.contains(resource.kind())
                && "phi".equals(PodSpecs.podLabels(resource).path(PHI_LABEL).asText(null));
    }
}
