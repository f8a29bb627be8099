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
 * WARD-BCK-001: every namespace holding PHI (a workload labelled
 * ward.health/data-classification=phi, or a Namespace so labelled) is included by a Velero
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
    public boolean appliesTo(List<Resource> resources, List<String> targetKinds) {
        return !phiNamespaces(resources).isEmpty();
    }

    @Override
    public List<Finding> check(List<Resource> resources) {
        List<Resource> schedules = resources.stream().filter(r -> r.isKind("Schedule")
                && r.body().path("apiVersion").asText().startsWith("velero.io/")).toList();
        List<Finding> findings = new ArrayList<>();
        for (Resource schedule : schedules) {
            if (schedule.body().path("spec").path("template").path("ttl").asText("").isBlank()) {
                findings.add(Finding.of(CONTROL_ID, schedule, "spec.template.ttl", "Velero Schedule \"" + schedule.name()
                        + "\" has no TTL, so retention falls to Velero's server default (30 days) instead of a decision; set spec.template.ttl"));
            }
        }
        Map<String, List<Resource>> databasesByNamespace = new HashMap<>();
        for (Resource resource : resources) {
            if (DatabaseReachabilityCheck.isComponent(resource, DatabaseReachabilityCheck.DB_COMPONENT)) {
                databasesByNamespace.computeIfAbsent(resource.namespace(), k -> new ArrayList<>()).add(resource);
            }
        }
        TreeMap<String, Resource> namespaces = phiNamespaces(resources);
        namespaces.forEach((namespace, example) -> {
            List<Resource> covering = schedules.stream().filter(s -> includes(s, namespace)).toList();
            if (covering.isEmpty()) {
                findings.add(new Finding(CONTROL_ID, example.file(), "Namespace", namespace, namespace,
                        "Schedule spec.template.includedNamespaces", "namespace \"" + namespace + "\" holds PHI (e.g. "
                                + example.kind() + " \"" + example.name() + "\") but no Velero Schedule includes it; add it to"
                                + " spec.template.includedNamespaces of a Schedule"));
                return;
            }
            boolean scheduleHooks = covering.stream()
                    .anyMatch(s -> !s.body().path("spec").path("template").path("hooks").path("resources").isEmpty());
            for (Resource db : databasesByNamespace.getOrDefault(namespace, List.of())) {
                if (db.namespace().equals(namespace) && DatabaseReachabilityCheck.isComponent(db, DatabaseReachabilityCheck.DB_COMPONENT)
                        && !scheduleHooks && !PodSpecs.podMetadata(db).path("annotations").has(PRE_HOOK)) {
                    String base = PodSpecs.templatePath(db.kind());
                    String path = (base.isEmpty() ? "" : base + ".") + "metadata.annotations[\"" + PRE_HOOK + "\"]";
                    findings.add(Finding.of(CONTROL_ID, db, path, db.kind() + " \"" + db.name() + "\" is the database but no"
                            + " pre-backup hook makes its copy consistent; set " + path + " (e.g. a pg_dump or CHECKPOINT)"));
                }
            }
        });
        return findings;
    }

    private static boolean includes(Resource schedule, String namespace) {
        JsonNode template = schedule.body().path("spec").path("template");
        Set<String> included = strings(template.path("includedNamespaces"));
        Set<String> excluded = strings(template.path("excludedNamespaces"));
        return (included.isEmpty() || included.contains("*") || included.contains(namespace)) && !excluded.contains(namespace);
    }

    /** PHI namespaces, each with the first object (in input order) that makes it one. */
    private static TreeMap<String, Resource> phiNamespaces(List<Resource> resources) {
        TreeMap<String, Resource> namespaces = new TreeMap<>();
        for (Resource r : resources) {
            if (IstioMtlsCheck.isPhiWorkload(r)) {
                namespaces.putIfAbsent(r.namespace(), r);
            } else if (r.isKind("Namespace")
                    && "phi".equals(r.body().path("metadata").path("labels").path(IstioMtlsCheck.PHI_LABEL).asText(null))) {
                namespaces.putIfAbsent(r.name(), r);
            }
        }
        return namespaces;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
