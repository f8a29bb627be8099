package health.ward.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;


/**
 * WARD-IAM-002 and WARD-IAM-003 against an API server's real authorizer (each tier's subclass says which
 * cluster and tags the controls): for every ServiceAccount
 * the chart creates and both operator groups its RoleBindings name, {@code kubectl auth can-i} as
 * that identity (impersonated) answers yes exactly where the matrix below says so.
 *
 * <p>The matrix is written by hand from the chart's stated intent (values.yaml and the comments of
 * templates/rbac/operator-roles.yaml: view = state and events, no Secrets, logs or exec; admin =
 * restart, scale, replace but never read Secrets, logs, exec, security objects read-only; the
 * workloads' own ServiceAccounts = nothing), not read from the rendered Roles. Two checks:
 * every permission named anywhere in the matrix plus a list of sensitive actions is asked of every
 * identity, and {@code can-i --list} must show nothing beyond the matrix (compared with an identity
 * that belongs to no group, so the cluster's grants to every authenticated user do not count).
 */
public abstract class RbacMatrixChecks {

    static final String NS = WardRelease.NAMESPACE;
    static final Set<String> READ = Set.of("get", "list", "watch");
    static final Set<String> WRITE = Set.of("create", "update", "patch", "delete");

    /** An identity to impersonate and the namespaced permissions ({@code resource[.group][/sub]} -> verbs) it should have in ward. */
    record Subject(String label, List<String> impersonation, Map<String, Set<String>> grants) {
    }

    static final Map<String, Set<String>> VIEW = new LinkedHashMap<>();
    static final Map<String, Set<String>> ADMIN = new LinkedHashMap<>();

    static {
        for (String resource : List.of("pods", "services", "endpoints", "configmaps", "persistentvolumeclaims",
                "serviceaccounts", "events", "deployments.apps", "statefulsets.apps", "replicasets.apps",
                "events.events.k8s.io", "networkpolicies.networking.k8s.io",
                "peerauthentications.security.istio.io", "authorizationpolicies.security.istio.io")) {
            VIEW.put(resource, READ);
        }

        ADMIN.putAll(VIEW);
        ADMIN.put("pods", union(READ, Set.of("delete")));
        ADMIN.put("pods/log", Set.of("get"));
        ADMIN.put("pods/exec", Set.of("create"));
        ADMIN.put("configmaps", union(READ, WRITE));
        ADMIN.put("persistentvolumeclaims", union(READ, WRITE));
        ADMIN.put("secrets", WRITE);
        ADMIN.put("deployments.apps", union(READ, Set.of("update", "patch")));
        ADMIN.put("statefulsets.apps", union(READ, Set.of("update", "patch")));
        ADMIN.put("deployments.apps/scale", Set.of("get", "update", "patch"));
        ADMIN.put("statefulsets.apps/scale", Set.of("get", "update", "patch"));
        ADMIN.put("roles.rbac.authorization.k8s.io", READ);
        ADMIN.put("rolebindings.rbac.authorization.k8s.io", READ);
    }

    static final List<Subject> SUBJECTS = List.of(
            new Subject("group ward-operators-view", List.of("--as=ward-kind-operator", "--as-group=ward-operators-view"), VIEW),
            new Subject("group ward-operators-admin", List.of("--as=ward-kind-operator", "--as-group=ward-operators-admin"), ADMIN),
            new Subject("ServiceAccount ward/" + WardRelease.PATIENT_API,
                    List.of("--as=system:serviceaccount:" + NS + ":" + WardRelease.PATIENT_API), Map.of()),
            new Subject("ServiceAccount ward/" + WardRelease.RECORDS_DB,
                    List.of("--as=system:serviceaccount:" + NS + ":" + WardRelease.RECORDS_DB), Map.of()));

    /** A user in no group but system:authenticated: what every identity has anyway. */
    static final List<String> NOBODY = List.of("--as=ward-kind-nobody");

    /** Actions nobody in the matrix may take, asked in ward unless the check names another scope. */
    static final List<Check> SENSITIVE = List.of(
            new Check("get", "secrets", NS), new Check("list", "secrets", NS), new Check("watch", "secrets", NS),
            new Check("list", "secrets", null), new Check("create", "pods", NS), new Check("update", "pods", NS),
            new Check("create", "pods/attach", NS), new Check("create", "pods/portforward", NS),
            new Check("patch", "pods/ephemeralcontainers", NS), new Check("create", "serviceaccounts/token", NS),
            new Check("create", "deployments.apps", NS), new Check("delete", "deployments.apps", NS),
            new Check("delete", "statefulsets.apps", NS), new Check("create", "jobs.batch", NS),
            new Check("create", "cronjobs.batch", NS), new Check("create", "services", NS),
            new Check("update", "networkpolicies.networking.k8s.io", NS),
            new Check("delete", "networkpolicies.networking.k8s.io", NS),
            new Check("patch", "peerauthentications.security.istio.io", NS),
            new Check("delete", "authorizationpolicies.security.istio.io", NS),
            new Check("create", "roles.rbac.authorization.k8s.io", NS), new Check("update", "roles.rbac.authorization.k8s.io", NS),
            new Check("escalate", "roles.rbac.authorization.k8s.io", NS), new Check("bind", "roles.rbac.authorization.k8s.io", NS),
            new Check("create", "rolebindings.rbac.authorization.k8s.io", NS),
            new Check("bind", "clusterroles.rbac.authorization.k8s.io", null),
            new Check("create", "clusterrolebindings.rbac.authorization.k8s.io", null),
            new Check("impersonate", "users", null), new Check("impersonate", "groups", null),
            new Check("impersonate", "serviceaccounts", NS), new Check("get", "nodes", null),
            new Check("create", "namespaces", null), new Check("get", "pods", "kube-system"),
            new Check("get", "secrets", "kube-system"), new Check("create", "pods/exec", "kube-system"),
            new Check("get", "pods", "default"), new Check("list", "secrets", "velero"),
            new Check("get", "secrets", "openbao"), new Check("get", "secrets", "keycloak"));

    /** One {@code can-i} question; {@code namespace} null means cluster-wide ({@code --all-namespaces}). */
    record Check(String verb, String resource, String namespace) {

        List<String> args() {
            List<String> args = new ArrayList<>(List.of("auth", "can-i", verb));
            int slash = resource.indexOf('/');
            args.add(slash < 0 ? resource : resource.substring(0, slash));
            if (slash >= 0) {
                args.add("--subresource=" + resource.substring(slash + 1));
            }
            args.add(namespace == null ? "--all-namespaces" : "--namespace=" + namespace);
            return args;
        }

        boolean grantedBy(Map<String, Set<String>> grants) {
            return NS.equals(namespace) && grants.getOrDefault(resource, Set.of()).contains(verb);
        }

        String scope() {
            return namespace == null ? "cluster-wide" : "in " + namespace;
        }
    }

    @BeforeAll
    protected static void chartIdentitiesExist() {
        for (String account : List.of(WardRelease.PATIENT_API, WardRelease.RECORDS_DB)) {
            Kubectl.ok("-n", NS, "get", "serviceaccount", account);
        }
        String bindings = Kubectl.ok("-n", NS, "get", "rolebindings", "-o", "jsonpath={.items[*].subjects[*].name}");
        assertThat(bindings).as("groups bound by the chart's RoleBindings").contains("ward-operators-view", "ward-operators-admin");
    }

    @TestFactory
    Stream<DynamicNode> everyIdentityMayDoExactlyWhatTheMatrixSays() {
        List<Check> checks = new ArrayList<>();
        for (Subject subject : SUBJECTS) {
            subject.grants().forEach((resource, verbs) -> verbs.forEach(verb -> checks.add(new Check(verb, resource, NS))));
        }
        checks.addAll(SENSITIVE);
        List<Check> distinct = checks.stream().distinct().toList();
        return SUBJECTS.stream().map(subject -> DynamicContainer.dynamicContainer(subject.label(), distinct.stream().map(check -> {
            boolean expected = check.grantedBy(subject.grants());
            return DynamicTest.dynamicTest(check.verb() + " " + check.resource() + " " + check.scope() + ": "
                    + (expected ? "allowed" : "denied"), () -> assertThat(canI(subject.impersonation(), check))
                            .as("%s may %s %s %s", subject.label(), check.verb(), check.resource(), check.scope())
                            .isEqualTo(expected));
        })));
    }

    @TestFactory
    Stream<DynamicNode> noIdentityHoldsAnythingBeyondTheMatrix() {
        return SUBJECTS.stream().flatMap(subject -> Stream.of(NS, "default", "kube-system").map(namespace ->
                DynamicTest.dynamicTest(subject.label() + " in " + namespace, () -> {
                    Set<String> extra = new TreeSet<>(rules(subject.impersonation(), namespace));
                    extra.removeAll(rules(NOBODY, namespace));
                    Set<String> intended = new TreeSet<>();
                    if (namespace.equals(NS)) {
                        subject.grants().forEach((resource, verbs) -> verbs.forEach(verb -> intended.add(resource + " " + verb)));
                    }
                    assertThat(extra).as("permissions of %s in %s beyond those of any authenticated user", subject.label(), namespace)
                            .containsExactlyInAnyOrderElementsOf(intended);
                })));
    }

    /**
     * WARD-IAM-005 on the release's pods as the API server stored them, after every mutating
     * admission step had its turn: no Kubernetes API token inside. Subclasses call it from a test
     * tagged with the control.
     */
    protected static void assertTheChartsPodsCarryNoKubernetesApiToken() {
        JsonNode pods = WardRelease.json("-n", NS, "get", "pods", "-l", WardRelease.INSTANCE_LABEL, "-o", "json");
        assertThat(pods.path("items")).as("pods of the release").isNotEmpty();
        for (JsonNode pod : pods.path("items")) {
            String name = pod.path("metadata").path("name").asText();
            JsonNode spec = pod.path("spec");
            assertThat(spec.path("automountServiceAccountToken").asBoolean(true)).as("%s automountServiceAccountToken", name).isFalse();
            for (JsonNode volume : spec.path("volumes")) {
                for (JsonNode source : volume.path("projected").path("sources")) {
                    JsonNode token = source.path("serviceAccountToken");
                    if (!token.isMissingNode()) {
                        assertThat(token.path("audience").asText()).as("%s volume %s: a token without audience is an API token",
                                name, volume.path("name").asText()).isNotBlank();
                    }
                }
            }
            for (String kind : List.of("containers", "initContainers")) {
                for (JsonNode container : spec.path(kind)) {
                    for (JsonNode mount : container.path("volumeMounts")) {
                        assertThat(mount.path("mountPath").asText()).as("%s container %s", name, container.path("name").asText())
                                .doesNotStartWith("/var/run/secrets/kubernetes.io/serviceaccount");
                    }
                }
            }
        }
    }

    static boolean canI(List<String> impersonation, Check check) {
        List<String> args = new ArrayList<>(check.args());
        args.addAll(impersonation);
        Kubectl.Result result = Kubectl.run(args.toArray(String[]::new));
        String answer = result.stdout().strip();
        if (answer.startsWith("yes") && result.exitCode() == 0) {
            return true;
        }
        if (answer.startsWith("no") && result.exitCode() == 1) {
            return false;
        }
        throw new AssertionError("kubectl " + String.join(" ", args) + " gave no yes/no answer: " + result.describe());
    }

    private static final Pattern RULE_ROW = Pattern.compile("^(\\S+)\\s+\\[([^\\]]*)]\\s+\\[([^\\]]*)]\\s+\\[([^\\]]*)]\\s*$");

    /**
     * The resource rules {@code kubectl auth can-i --list} reports for an identity in a namespace, as
     * "resource verb" (with " names=[...]" when limited to named objects). Non-resource URLs are left out.
     */
    static Set<String> rules(List<String> impersonation, String namespace) {
        List<String> args = new ArrayList<>(List.of("auth", "can-i", "--list", "--no-headers", "--namespace=" + namespace));
        args.addAll(impersonation);
        Set<String> rules = new TreeSet<>();
        for (String line : Kubectl.ok(args.toArray(String[]::new)).split("\n")) {
            Matcher row = RULE_ROW.matcher(line);
            if (!row.matches()) {
                continue; // a non-resource URL row starts with blanks where the resource would be
            }
            String names = row.group(3).isBlank() ? "" : " names=[" + row.group(3) + "]";
            for (String verb : row.group(4).trim().split("\\s+")) {
                rules.add(row.group(1) + " " + verb + names);
            }
        }
        return rules;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
