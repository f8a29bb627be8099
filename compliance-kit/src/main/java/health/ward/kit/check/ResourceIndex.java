package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The audited resources, indexed once per audit by kind, by namespace and kind, and (for workloads)
 * by each label their pods carry, so that every checker answers "which objects of this kind are in
 * this namespace" and "which workloads does this selector select" without scanning the input
 * again. Checkers that relate objects to each other (a policy to the pods it selects) must go
 * through {@link #workloadsSelectedBy}: a scan per selector makes the audit quadratic in the
 * size of one namespace. Lists keep input order, so findings stay in a stable order.
 */
public final class ResourceIndex {

    private final List<Resource> all;
    private final Map<String, List<Resource>> byKind = new HashMap<>();
    private final Map<String, Map<String, List<Resource>>> byNamespaceAndKind = new HashMap<>();
    private final List<Resource> workloads = new ArrayList<>();
    private final Map<String, List<Resource>> workloadsByNamespace = new HashMap<>();
    /** namespace -> "key=value" of a pod label -> the workloads whose pods carry it. */
    private final Map<String, Map<String, List<Resource>>> workloadsByLabel = new HashMap<>();
    private final Map<String, List<Resource>> byApiVersionPrefix = new HashMap<>();
    private WorkloadRoles roles;

    private ResourceIndex(List<Resource> resources) {
        this.all = List.copyOf(resources);
        for (Resource resource : all) {
            byKind.computeIfAbsent(resource.kind(), k -> new ArrayList<>()).add(resource);
            byNamespaceAndKind.computeIfAbsent(resource.namespace(), k -> new HashMap<>())
                    .computeIfAbsent(resource.kind(), k -> new ArrayList<>()).add(resource);
            if (PodSpecs.WORKLOAD_KINDS.contains(resource.kind())) {
                workloads.add(resource);
                workloadsByNamespace.computeIfAbsent(resource.namespace(), k -> new ArrayList<>()).add(resource);
                Map<String, List<Resource>> labelled = workloadsByLabel.computeIfAbsent(resource.namespace(), k -> new HashMap<>());
                Iterator<Map.Entry<String, JsonNode>> labels = PodSpecs.podLabels(resource).fields();
                while (labels.hasNext()) {
                    Map.Entry<String, JsonNode> label = labels.next();
                    labelled.computeIfAbsent(label.getKey() + "=" + label.getValue().asText(), k -> new ArrayList<>()).add(resource);
                }
            }
        }
    }

    public static ResourceIndex of(List<Resource> resources) {
        return new ResourceIndex(resources);
    }

    /** Every resource, in input order. */
    public List<Resource> all() {
        return all;
    }

    public List<Resource> ofKind(String kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    /** Objects of any of these kinds, grouped by kind (input order within each). */
    public List<Resource> ofKinds(Collection<String> kinds) {
        List<Resource> all = new ArrayList<>();
        kinds.forEach(kind -> all.addAll(ofKind(kind)));
        return all;
    }

    /** Objects whose apiVersion starts with {@code prefix} (e.g. "constraints.gatekeeper.sh/"), found once per prefix. */
    public List<Resource> withApiVersionPrefix(String prefix) {
        return byApiVersionPrefix.computeIfAbsent(prefix, p -> all.stream()
                .filter(r -> r.body().path("apiVersion").asText().startsWith(p)).toList());
    }

    public boolean hasAnyKind(Collection<String> kinds) {
        return kinds.stream().anyMatch(byKind::containsKey);
    }

    /** Objects of {@code kind} in {@code namespace} ("" for cluster-scoped ones). */
    public List<Resource> inNamespace(String namespace, String kind) {
        return byNamespaceAndKind.getOrDefault(namespace, Map.of()).getOrDefault(kind, List.of());
    }

    /** Objects that run pods ({@link PodSpecs#WORKLOAD_KINDS}). */
    public List<Resource> workloads() {
        return workloads;
    }

    public List<Resource> workloadsIn(String namespace) {
        return workloadsByNamespace.getOrDefault(namespace, List.of());
    }

    /**
     * The workloads of {@code namespace} whose pods a LabelSelector ({@code matchLabels} and
     * {@code matchExpressions}) selects; an empty selector selects them all. Candidates come from
     * the label index (the rarest {@code matchLabels} entry, or the values of an {@code In}
     * expression), and each is then matched against the whole selector.
     */
    public List<Resource> workloadsSelectedBy(String namespace, JsonNode selector) {
        if (LabelSelectors.isEmpty(selector)) {
            return workloadsIn(namespace);
        }
        Map<String, List<Resource>> labelled = workloadsByLabel.getOrDefault(namespace, Map.of());
        Collection<Resource> candidates = null;
        Iterator<Map.Entry<String, JsonNode>> required = selector.path("matchLabels").fields();
        while (required.hasNext()) {
            Map.Entry<String, JsonNode> label = required.next();
            List<Resource> carrying = labelled.getOrDefault(label.getKey() + "=" + label.getValue().asText(), List.of());
            if (candidates == null || carrying.size() < candidates.size()) {
                candidates = carrying;
            }
        }
        if (candidates == null) {
            for (JsonNode expression : selector.path("matchExpressions")) {
                if ("In".equals(expression.path("operator").asText())) {
                    Set<Resource> union = identitySet();
                    for (JsonNode value : expression.path("values")) {
                        union.addAll(labelled.getOrDefault(expression.path("key").asText() + "=" + value.asText(), List.of()));
                    }
                    if (candidates == null || union.size() < candidates.size()) {
                        candidates = union;
                    }
                }
            }
        }
        if (candidates == null) {
            candidates = workloadsIn(namespace);
        }
        List<Resource> selected = new ArrayList<>();
        for (Resource workload : candidates) {
            if (LabelSelectors.matches(selector, PodSpecs.podLabels(workload))) {
                selected.add(workload);
            }
        }
        if (candidates instanceof Set) {
            // The union of an In expression is in value order; give callers input order as everywhere else.
            List<Resource> ordered = new ArrayList<>();
            Set<Resource> keep = identitySet();
            keep.addAll(selected);
            for (Resource workload : workloadsIn(namespace)) {
                if (keep.contains(workload)) {
                    ordered.add(workload);
                }
            }
            return ordered;
        }
        return selected;
    }

    /**
     * The workloads a Service sends traffic to: its {@code spec.selector} is a plain label map; a
     * Service without one (endpoints managed by hand) selects nothing.
     */
    public List<Resource> workloadsSelectedByService(Resource service) {
        JsonNode selector = service.body().path("spec").path("selector");
        if (!selector.isObject() || selector.isEmpty()) {
            return List.of();
        }
        ObjectNode labelSelector = JsonNodeFactory.instance.objectNode();
        labelSelector.set("matchLabels", selector);
        return workloadsSelectedBy(service.namespace(), labelSelector);
    }

    // Resources are records over whole JSON trees: hashing them by value would walk every tree.
    static Set<Resource> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** What the workloads are (the database, the API, PHI or not), worked out once per audit. */
    public WorkloadRoles roles() {
        if (roles == null) {
            roles = new WorkloadRoles(this);
        }
        return roles;
    }
}
