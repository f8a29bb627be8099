package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the audited workloads are, judged by what they run and serve as well as by Ward's labels,
 * so that manifests written the usual way (PostgreSQL labelled {@code app.kubernetes.io/name:
 * postgresql}, no Ward labels) are judged like Ward's own chart:
 *
 * <ul>
 *   <li><b>The database</b>: Ward's component label {@code records-db}, or, unless the workload is
 *   explicitly classified {@code internal} or {@code public}, a PostgreSQL image, a container port
 *   5432, a name label {@code postgres}/{@code postgresql}, or a Service in front of it on 5432.
 *   <li><b>patient-api</b>, the one client the database may have: component or name label
 *   {@code patient-api}.
 *   <li><b>PHI workloads</b>: the label {@code ward.health/data-classification=phi}, or being the
 *   database, or reaching it (a NetworkPolicy admits its pods to the database port, or its
 *   environment, command or arguments name a database Service or a PostgreSQL URL), or mounting a
 *   PHI volume (a claim labelled phi, or one the database mounts or owns). Evidence wins over a
 *   label: {@code internal} on the database does not make it non-PHI for these controls.
 *   <li>A workload with neither evidence nor a valid classification label is
 *   {@link Classification#UNKNOWN}: controls that protect PHI judge it as if it held PHI and say
 *   that it could not be classified, rather than skipping it.
 * </ul>
 *
 * Built once per audit by {@link ResourceIndex#roles()}, in time linear in the input.
 */
public final class WorkloadRoles {

    public static final String CLASSIFICATION = "ward.health/data-classification";
    public static final int DB_PORT = 5432;
    static final String DB_COMPONENT = "records-db";
    static final String API_COMPONENT = "patient-api";
    private static final List<String> COMPONENT_KEYS = List.of("app.kubernetes.io/component", "component");
    private static final List<String> NAME_KEYS = List.of("app.kubernetes.io/name", "app", "name");
    private static final Set<String> DB_NAMES = Set.of("postgres", "postgresql");
    private static final Set<String> NOT_PHI = Set.of("internal", "public");
    private static final Set<String> DB_PORT_NAMES = Set.of("postgres", "postgresql", "tcp-postgresql", "pg");
    private static final Pattern POSTGRES_URL = Pattern.compile("(?i)(jdbc:postgresql:|postgres(ql)?://)");
    /** postgres, postgresql, postgresql-repmgr, postgis, timescaledb-ha, spilo-16; not postgres-exporter (see above). */
    private static final Pattern POSTGRES_IMAGE = Pattern.compile("(postgres(ql)?|postgis|timescaledb|spilo)(-[a-z0-9.]+)*");
    private static final Pattern HOST_TOKEN = Pattern.compile("[^A-Za-z0-9.-]+");

    public enum Classification { PHI, NOT_PHI, UNKNOWN }

    private final ResourceIndex index;
    private final Map<Resource, String> databaseEvidence = new IdentityHashMap<>();
    private final List<Resource> databases = new ArrayList<>();
    private final Set<Resource> apis = ResourceIndex.identitySet();
    private final Map<Resource, String> phiReasons = new IdentityHashMap<>();

    WorkloadRoles(ResourceIndex index) {
        this.index = index;
        findDatabases();
        for (Resource workload : index.workloads()) {
            JsonNode labels = PodSpecs.podLabels(workload);
            if (labelIs(labels, COMPONENT_KEYS, Set.of(API_COMPONENT)) || labelIs(labels, NAME_KEYS, Set.of(API_COMPONENT))) {
                apis.add(workload);
            }
            if ("phi".equals(labels.path(CLASSIFICATION).asText(null))) {
                phiReasons.put(workload, "it is labelled " + CLASSIFICATION + "=phi");
            }
        }
        for (Resource db : databases) {
            phiReasons.putIfAbsent(db, "it is the database (" + databaseEvidence.get(db) + ")");
        }
        findAdmittedToDatabase();
        findConnectingToDatabase();
        findMountingPhiVolumes();
    }

    /** Whether the workload is the records database; see the class comment for how it is recognised. */
    public boolean isDatabase(Resource resource) {
        return databaseEvidence.containsKey(resource);
    }

    /** The database workloads, in input order. */
    public List<Resource> databases() {
        return databases;
    }

    public boolean isApi(Resource resource) {
        return apis.contains(resource);
    }

    public boolean hasApi() {
        return !apis.isEmpty();
    }

    /** Why the workload holds PHI ("it is the database (image postgres)"), or empty when nothing says so. */
    public Optional<String> phiReason(Resource workload) {
        return Optional.ofNullable(phiReasons.get(workload));
    }

    public Classification classification(Resource workload) {
        if (phiReasons.containsKey(workload)) {
            return Classification.PHI;
        }
        return NOT_PHI.contains(PodSpecs.podLabels(workload).path(CLASSIFICATION).asText("")) ? Classification.NOT_PHI
                : Classification.UNKNOWN;
    }

    /** Namespaces holding PHI (a Namespace labelled phi, or a PHI workload), each with the first object that says so. */
    public TreeMap<String, Resource> phiNamespaces() {
        TreeMap<String, Resource> namespaces = new TreeMap<>();
        for (Resource ns : index.ofKind("Namespace")) {
            if ("phi".equals(ns.body().path("metadata").path("labels").path(CLASSIFICATION).asText(null))) {
                namespaces.putIfAbsent(ns.name(), ns);
            }
        }
        for (Resource workload : index.workloads()) {
            if (phiReasons.containsKey(workload)) {
                namespaces.putIfAbsent(workload.namespace(), workload);
            }
        }
        return namespaces;
    }

    private void findDatabases() {
        for (Resource workload : index.workloads()) {
            JsonNode labels = PodSpecs.podLabels(workload);
            if (labelIs(labels, COMPONENT_KEYS, Set.of(DB_COMPONENT))) {
                databaseEvidence.put(workload, "component label " + DB_COMPONENT);
            } else if (!NOT_PHI.contains(labels.path(CLASSIFICATION).asText(""))) {
                evidenceOfPostgres(workload, labels).ifPresent(evidence -> databaseEvidence.put(workload, evidence));
            }
        }
        // What it serves: a Service on the PostgreSQL port in front of otherwise anonymous pods.
        for (Resource service : index.ofKind("Service")) {
            if (servesDbPort(service)) {
                for (Resource workload : index.workloadsSelectedByService(service)) {
                    if (!NOT_PHI.contains(PodSpecs.podLabels(workload).path(CLASSIFICATION).asText(""))) {
                        databaseEvidence.putIfAbsent(workload, "behind Service \"" + service.name() + "\" on port " + DB_PORT);
                    }
                }
            }
        }
        for (Resource workload : index.workloads()) {
            if (databaseEvidence.containsKey(workload)) {
                databases.add(workload);
            }
        }
    }

    private static Optional<String> evidenceOfPostgres(Resource workload, JsonNode labels) {
        for (PodSpecs.Container container : PodSpecs.containers(workload)) {
            String image = container.node().path("image").asText("");
            String repository = image.replaceFirst("@.*$", "").replaceFirst(":[^/]*$", "");
            String last = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            if (POSTGRES_IMAGE.matcher(last).matches() && !last.endsWith("exporter")) {
                return Optional.of("image " + image.replaceFirst("@.*$", ""));
            }
            for (JsonNode port : container.node().path("ports")) {
                if (port.path("containerPort").asInt() == DB_PORT) {
                    return Optional.of("container port " + DB_PORT);
                }
            }
        }
        if (labelIs(labels, NAME_KEYS, DB_NAMES)) {
            return Optional.of("labelled as PostgreSQL");
        }
        return Optional.empty();
    }

    private static boolean servesDbPort(Resource service) {
        for (JsonNode port : service.body().path("spec").path("ports")) {
            JsonNode target = port.path("targetPort");
            if (port.path("port").asInt() == DB_PORT || target.asInt() == DB_PORT
                    || (target.isTextual() && DB_PORT_NAMES.contains(target.asText()))) {
                return true;
            }
        }
        return false;
    }

    // A NetworkPolicy rule that admits pods to the database port says those pods talk to it.
    private void findAdmittedToDatabase() {
        Map<String, Resource> firstDatabase = new HashMap<>();
        databases.forEach(db -> firstDatabase.putIfAbsent(db.namespace(), db));
        for (Resource policy : index.ofKind("NetworkPolicy")) {
            JsonNode spec = policy.body().path("spec");
            Resource db = firstDatabase.get(policy.namespace());
            if (db == null || spec.path("ingress").isEmpty()) {
                continue;
            }
            if (!LabelSelectors.isEmpty(spec.path("podSelector"))) {
                db = index.workloadsSelectedBy(policy.namespace(), spec.path("podSelector")).stream()
                        .filter(this::isDatabase).findFirst().orElse(null);
                if (db == null) {
                    continue;
                }
            }
            for (JsonNode rule : spec.path("ingress")) {
                if (!NetworkPolicies.coversPort(rule.path("ports"), db, DB_PORT)) {
                    continue;
                }
                for (JsonNode peer : rule.path("from")) {
                    // Broad peers (every pod, other namespaces, addresses) are WARD-NET-002's findings, not evidence.
                    if (peer.has("namespaceSelector") || peer.has("ipBlock") || LabelSelectors.isEmpty(peer.path("podSelector"))) {
                        continue;
                    }
                    for (Resource source : index.workloadsSelectedBy(policy.namespace(), peer.path("podSelector"))) {
                        phiReasons.putIfAbsent(source, "NetworkPolicy \"" + policy.name() + "\" admits it to the database");
                    }
                }
            }
        }
    }

    // Configuration that names a database Service (records-db, records-db.ward.svc...) or a PostgreSQL URL.
    private void findConnectingToDatabase() {
        Set<String> hosts = new HashSet<>();
        for (Resource service : index.ofKind("Service")) {
            if (index.workloadsSelectedByService(service).stream().anyMatch(this::isDatabase)) {
                hosts.add(service.namespace() + "/" + service.name());
            }
        }
        for (Resource workload : index.workloads()) {
            if (phiReasons.containsKey(workload)) {
                continue;
            }
            for (PodSpecs.Container container : PodSpecs.containers(workload)) {
                String found = null;
                for (String value : configuration(container.node())) {
                    if (POSTGRES_URL.matcher(value).find()) {
                        found = "a PostgreSQL URL";
                    } else {
                        for (String token : HOST_TOKEN.split(value)) {
                            String[] parts = token.split("\\.");
                            String namespace = parts.length > 1 ? parts[1] : workload.namespace();
                            if (!parts[0].isEmpty() && hosts.contains(namespace + "/" + parts[0])) {
                                found = "database Service \"" + parts[0] + "\"";
                                break;
                            }
                        }
                    }
                    if (found != null) {
                        break;
                    }
                }
                if (found != null) {
                    phiReasons.put(workload, container.label() + " connects to the database (its configuration names " + found + ")");
                    break;
                }
            }
        }
    }

    private static List<String> configuration(JsonNode container) {
        List<String> values = new ArrayList<>();
        container.path("env").forEach(env -> values.add(env.path("value").asText("")));
        container.path("command").forEach(arg -> values.add(arg.asText("")));
        container.path("args").forEach(arg -> values.add(arg.asText("")));
        return values;
    }

    private void findMountingPhiVolumes() {
        Set<String> claims = new HashSet<>();
        List<String> claimPrefixes = new ArrayList<>();
        for (Resource claim : index.ofKind("PersistentVolumeClaim")) {
            if ("phi".equals(claim.body().path("metadata").path("labels").path(CLASSIFICATION).asText(null))) {
                claims.add(claim.namespace() + "/" + claim.name());
            }
        }
        for (Resource db : databases) {
            claimNames(db).forEach(name -> claims.add(db.namespace() + "/" + name));
            // A StatefulSet's claims are named <template>-<statefulset>-<ordinal>.
            for (JsonNode template : db.body().path("spec").path("volumeClaimTemplates")) {
                claimPrefixes.add(db.namespace() + "/" + template.path("metadata").path("name").asText() + "-" + db.name() + "-");
            }
        }
        if (claims.isEmpty() && claimPrefixes.isEmpty()) {
            return;
        }
        for (Resource workload : index.workloads()) {
            if (phiReasons.containsKey(workload)) {
                continue;
            }
            for (String name : claimNames(workload)) {
                String key = workload.namespace() + "/" + name;
                if (claims.contains(key) || claimPrefixes.stream().anyMatch(key::startsWith)) {
                    phiReasons.put(workload, "it mounts PHI volume claim \"" + name + "\"");
                    break;
                }
            }
        }
    }

    private static List<String> claimNames(Resource workload) {
        List<String> names = new ArrayList<>();
        PodSpecs.of(workload).ifPresent(pod -> pod.spec().path("volumes").forEach(volume -> {
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText("");
            if (!claim.isEmpty()) {
                names.add(claim);
            }
        }));
        return names;
    }

    private static boolean labelIs(JsonNode labels, List<String> keys, Set<String> values) {
        for (String key : keys) {
            if (values.contains(labels.path(key).asText(""))) {
                return true;
            }
        }
        return false;
    }
}
