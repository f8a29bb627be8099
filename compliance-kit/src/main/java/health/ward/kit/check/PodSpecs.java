package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Where each workload kind keeps its pod spec. */
public final class PodSpecs {

    /** Kinds that run pods; they count as "workloads" for namespace-level controls. */
    public static final Set<String> WORKLOAD_KINDS = Set.of(
            "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob");

    private static final Map<String, String> PATHS = Map.of(
            "Pod", "spec",
            "Deployment", "spec.template.spec",
            "StatefulSet", "spec.template.spec",
            "DaemonSet", "spec.template.spec",
            "ReplicaSet", "spec.template.spec",
            "ReplicationController", "spec.template.spec",
            "Job", "spec.template.spec",
            "CronJob", "spec.jobTemplate.spec.template.spec");

    private PodSpecs() {
    }

    /** A pod spec and the dotted path at which it sits in its object. */
    public record Located(JsonNode spec, String path) {
    }

    public static Optional<Located> of(Resource resource) {
        String path = PATHS.get(resource.kind());
        if (path == null) {
            return Optional.empty();
        }
        JsonNode node = resource.body();
        for (String segment : path.split("\\.")) {
            node = node.path(segment);
        }
        return node.isObject() ? Optional.of(new Located(node, path)) : Optional.empty();
    }
}
