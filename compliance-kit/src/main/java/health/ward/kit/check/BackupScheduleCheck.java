package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * WARD-BCK-001: every namespace holding PHI (a PHI workload, recognised by label or by evidence
 * such as running the database: {@link WorkloadRoles}; or a Namespace labelled phi) is included by a Velero
 * Schedule with a TTL, and the database pods carry pre-backup hooks so the copy is consistent.
 *
 * <p>A Schedule includes a namespace when its template's includedNamespaces is absent, empty,
 * "*" or names it, and excludedNamespaces does not. Hooks count on the pod template
 * (pre.hook.backup.velero.io/command) or in the covering Schedule's template.hooks.resources.
 */
public final class BackupScheduleCheck implements Check {

    public static final String CONTROL_ID = "WARD-BCK-001";
    static final String PRE_HOOK = "pre.hook.backup.velero.io/command";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return !index.roles().phiNamespaces().isEmpty();
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> schedules = index.ofKind("Schedule").stream()
                .filter(r -> r.body().path("apiVersion").asText().startsWith("velero.io/")).toList();
        // Each Schedule's namespace lists are read once, not once per namespace judged.
        Map<Resource, Scope> scopes = new java.util.IdentityHashMap<>();
        schedules.forEach(s -> scopes.put(s, Scope.of(s)));
        List<Finding> findings = new ArrayList<>();
        for (Resource schedule : schedules) {
            if (schedule.body().path("spec").path("template").path("ttl").asText("").isBlank()) {
                findings.add(Finding.of(CONTROL_ID, schedule, "spec.template.ttl", "Velero Schedule \"" + schedule.name()
                        + "\" has no TTL, so retention falls to Velero's server default (30 days) instead of a decision; set spec.template.ttl"));
            }
        }
        Map<String, List<Resource>> databasesByNamespace = new HashMap<>();
        for (Resource db : index.roles().databases()) {
            databasesByNamespace.computeIfAbsent(db.namespace(), k -> new ArrayList<>()).add(db);
        }
        TreeMap<String, Resource> namespaces = index.roles().phiNamespaces();
        namespaces.forEach((namespace, example) -> {
            List<Resource> covering = schedules.stream().filter(s -> scopes.get(s).includes(namespace)).toList();
            if (covering.isEmpty()) {
                findings.add(Finding.near(CONTROL_ID, example, "Namespace", namespace, namespace,
                        "Schedule spec.template.includedNamespaces", "namespace \"" + namespace + "\" holds PHI (e.g. "
                                + example.kind() + " \"" + example.name() + "\") but no Velero Schedule includes it; add it to"
                                + " spec.template.includedNamespaces of a Schedule"));
                return;
            }
            boolean scheduleHooks = covering.stream()
                    .anyMatch(s -> !s.body().path("spec").path("template").path("hooks").path("resources").isEmpty());
            for (Resource db : databasesByNamespace.getOrDefault(namespace, List.of())) {
                if (!scheduleHooks && !PodSpecs.podMetadata(db).path("annotations").has(PRE_HOOK)) {
                    String base = PodSpecs.templatePath(db.kind());
                    String path = (base.isEmpty() ? "" : base + ".") + "metadata.annotations[\"" + PRE_HOOK + "\"]";
                    findings.add(Finding.of(CONTROL_ID, db, path, db.kind() + " \"" + db.name() + "\" is the database but no"
                            + " pre-backup hook makes its copy consistent; set " + path + " (e.g. a pg_dump or CHECKPOINT)"));
                }
            }
        });
        return findings;
    }

    private record Scope(Set<String> included, Set<String> excluded) {

        static Scope of(Resource schedule) {
            JsonNode template = schedule.body().path("spec").path("template");
            return new Scope(strings(template.path("includedNamespaces")), strings(template.path("excludedNamespaces")));
        }

        boolean includes(String namespace) {
            return (included.isEmpty() || included.contains("*") || included.contains(namespace)) && !excluded.contains(namespace);
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
