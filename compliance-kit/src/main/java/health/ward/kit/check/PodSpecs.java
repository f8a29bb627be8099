package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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

    /** Container lists in the order the policies evaluate them, with the label findings use. */
    public static final List<String> CONTAINER_FIELDS = List.of("containers", "initContainers", "ephemeralContainers");

    /**
     * One container of a pod spec.
     *
     * @param path dotted path of the container, e.g. {@code spec.template.spec.containers[0]}
     */
    public record Container(Located pod, String field, int index, JsonNode node, String path) {

        public String name() {
            return node.path("name").asText("");
        }

        /** How findings and the Gatekeeper policies name it: {@code initContainer "migrate"}. */
        public String label() {
            return field.substring(0, field.length() - 1) + " \"" + name() + "\"";
        }

        public JsonNode securityContext() {
            return node.path("securityContext");
        }
    }

    /** Every container, initContainer and ephemeralContainer of the resource's pod spec, if it has one. */
    public static List<Container> containers(Resource resource) {
        List<Container> containers = new ArrayList<>();
        of(resource).ifPresent(pod -> {
            for (String field : CONTAINER_FIELDS) {
                JsonNode list = pod.spec().path(field);
                for (int i = 0; i < list.size(); i++) {
                    containers.add(new Container(pod, field, i, list.get(i), pod.path() + "." + field + "[" + i + "]"));
                }
            }
        });
        return containers;
    }

    /** The metadata its pods get: the pod's own, or the pod template's. Missing when it runs no pods. */
    public static JsonNode podMetadata(Resource resource) {
        if (resource.isKind("Pod")) {
            return resource.body().path("metadata");
        }
        String specPath = PATHS.get(resource.kind());
        if (specPath == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        JsonNode node = resource.body();
        for (String segment : templatePath(resource.kind()).split("\\.")) {
            node = node.path(segment);
        }
        return node.path("metadata");
    }

    public static JsonNode podLabels(Resource resource) {
        return podMetadata(resource).path("labels");
    }

    /** Dotted path of the pod template ({@code spec.template}); empty for a Pod, which is its own template. */
    public static String templatePath(String kind) {
        String specPath = PATHS.getOrDefault(kind, "spec");
        return specPath.equals("spec") ? "" : specPath.substring(0, specPath.length() - ".spec".length());
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
