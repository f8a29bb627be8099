package health.ward.kit.evidence;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The proof tiers of the README ("How each control is proven"), strongest last: a proof counts at
 * the tier of the place it runs. Tests are placed by the path of their source file, so the tier
 * of a test is a fact of the repository layout, not something a test claims about itself. Tier 1,
 * the policy engines ({@code opa test} and {@code gator verify} over the Gatekeeper library), has
 * no Java source: its results come from the JUnit XML that {@code make test-policies} writes (see
 * {@link PolicyEngines}).
 */
public enum Tier {

    POLICY_ENGINE(1, "policy engine (opa test, gator verify)", "policy engine", null, null),
    WARD_KIT(2, "ward-kit", "ward-kit", "compliance-kit/src/test/", null),
    CHART_AUDIT(2, "chart audit", "chart audit", null, null),
    RECORDS_DB(3, "real PostgreSQL", "PostgreSQL", "records-db/src/test/", null),
    SERVICE(3, "service (real PostgreSQL + OpenBao; identity from @TestSecurity)", "service", "patient-api/src/test/", null),
    LOCAL_STACK(3, "local stack (packaged patient-api, PostgreSQL, OpenBao, Keycloak)", "local stack", "e2e/src/test/", null),
    CONTROL_PLANE(4, "real control plane on this machine (etcd, kube-apiserver, controller-manager, scheduler, Gatekeeper)",
            "control plane", "e2e/src/test/", "/controlplane/"),
    LOCAL_CLUSTER(4, "real cluster on this machine (that control plane plus a node: containerd, kubelet, kube-proxy, "
            + "kube-router enforcing NetworkPolicy, CoreDNS)", "local cluster", "e2e/src/test/", "/localcluster/"),
    KIND(4, "kind cluster", "kind", "e2e/src/test/", "/kind/");

    private final int level;
    private final String label;
    private final String shortLabel;
    private final String sourcePrefix;
    // A package directory that sets a test apart from the other tests of its module.
    private final String packageDirectory;

    Tier(int level, String label, String shortLabel, String sourcePrefix, String packageDirectory) {
        this.level = level;
        this.label = label;
        this.shortLabel = shortLabel;
        this.sourcePrefix = sourcePrefix;
        this.packageDirectory = packageDirectory;
    }

    public int level() {
        return level;
    }

    public String label() {
        return label;
    }

    /** "3 local stack (...)": the number of the README's tier and where the proof ran. */
    public String describe() {
        return level + " " + label;
    }

    /** "3 local stack": for lines that list many proofs. */
    public String brief() {
        return level + " " + shortLabel;
    }

    /** The tier of a test source, by its path relative to the repository root (forward slashes). */
    public static Optional<Tier> ofSource(String repoPath) {
        for (Tier tier : values()) {
            if (tier.packageDirectory != null && repoPath.startsWith(tier.sourcePrefix) && repoPath.contains(tier.packageDirectory)) {
                return Optional.of(tier);
            }
        }
        for (Tier tier : values()) {
            if (tier.sourcePrefix != null && tier.packageDirectory == null && repoPath.startsWith(tier.sourcePrefix)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** The modules whose test sources hold proofs, e.g. "e2e". */
    static Set<String> modules() {
        Set<String> modules = new TreeSet<>();
        for (Tier tier : values()) {
            if (tier.sourcePrefix != null) {
                modules.add(tier.sourcePrefix.substring(0, tier.sourcePrefix.indexOf('/')));
            }
        }
        return modules;
    }
}
