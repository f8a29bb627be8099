package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * WARD-POL-009, the audit-time twin of policies/src/ward-pol-009-data-classification with Ward's
 * parameters fixed (key ward.health/data-classification, values phi, internal, public): workloads
 * (the object and its pod template, since PHI controls select pods), Services and Namespaces.
 */
public final class DataClassificationLabelCheck implements Check {

    public static final String CONTROL_ID = "WARD-POL-009";
    static final String KEY = "ward.health/data-classification";
    static final List<String> VALUES = List.of("internal", "phi", "public");
    private static final Set<String> LABELLED_KINDS = Set.of("Service", "Namespace");
    private static final List<String> KINDS = java.util.stream.Stream.concat(PodSpecs.WORKLOAD_KINDS.stream(),
            LABELLED_KINDS.stream()).sorted().toList();

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.ofKinds(KINDS);
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : resources) {
            boolean workload = PodSpecs.WORKLOAD_KINDS.contains(resource.kind());
            if (!workload && !LABELLED_KINDS.contains(resource.kind())) {
                continue;
            }
            checkLabels(resource, resource.body().path("metadata").path("labels"), "metadata.labels", findings);
            String template = PodSpecs.templatePath(resource.kind());
            if (workload && !template.isEmpty()) {
                checkLabels(resource, PodSpecs.podLabels(resource), template + ".metadata.labels", findings);
            }
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
        return findings;
    }

    private void checkLabels(Resource resource, JsonNode labels, String path, List<Finding> findings) {
        String subject = resource.kind() + " \"" + resource.name() + "\"";
        String fix = "set " + path + "[\"" + KEY + "\"] to one of: " + String.join(", ", VALUES);
        if (!labels.has(KEY)) {
            findings.add(Finding.of(CONTROL_ID, resource, path + "[\"" + KEY + "\"]", subject + " lacks label \"" + KEY + "\"; " + fix));
        } else if (!VALUES.contains(labels.path(KEY).asText())) {
            findings.add(Finding.of(CONTROL_ID, resource, path + "[\"" + KEY + "\"]", subject + " has label \"" + KEY + "\"=\""
                    + labels.path(KEY).asText() + "\", which is not allowed; " + fix));
        }
    }
}
