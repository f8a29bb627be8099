package health.ward.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import health.ward.testing.RepoPaths;

/**
 * The Gatekeeper library (compliance-kit/policies/library) in a real admission chain: the same
 * suites and samples that {@code opa test} and {@code gator verify} run, each case its own test.
 * Every disallowed sample, sent with server-side dry-run, must be denied by the webhook with the
 * suite's violations, each line naming the sample's constraint; every allowed sample must be
 * admitted. A sample the API server rejects for any other reason fails its test.
 *
 * <p>How the samples meet a live cluster:
 * <ul>
 * <li>Each suite test's constraint is created under its own name and limited by a label selector to
 * objects carrying its own label, which the test adds to its samples: all constraints stand side by
 * side without judging each other's samples, and none touches anything else in the cluster. The
 * samples' namespaced objects go to a namespace of their own.</li>
 * <li>Samples are sent with {@code kubectl create --dry-run=server}, a CREATE like gator's review.
 * {@code apply} would turn a sample Namespace named like an existing one ({@code ward}) into a patch
 * of the live namespace and review a merged object that is not the sample. A create of an existing
 * Namespace passes validating admission first and only then fails in storage with AlreadyExists, so
 * for a Namespace sample that answer means admitted.</li>
 * <li>A Pod cannot be created with ephemeral containers; they are only ever added through the
 * {@code pods/ephemeralcontainers} subresource (what {@code kubectl debug} does), which Gatekeeper's
 * webhook reviews as the whole Pod. Such a sample is therefore created without its ephemeral
 * containers before the constraints exist, and the test adds them with a dry-run patch.</li>
 * </ul>
 * Each policy has its own factory below so the control it proves is tagged on it; a policy directory
 * without a factory fails {@link #everyPolicyOfTheLibraryIsExercisedHere}. Each tier's subclass says
 * which cluster runs them (the kind cluster, the local control plane).
 */
public abstract class GatekeeperLibraryChecks {

    static final String NAMESPACE = "ward-gatekeeper-samples";
    static final String SAMPLE_LABEL = "ward.health/gatekeeper-sample";
    static final String OWNER = "ward.health/e2e-test=gatekeeper-library";
    static final YAMLMapper YAML = new YAMLMapper();

    static final String ENC_002 = "ward-enc-002-encrypted-storage-class";
    static final String NET_003 = "ward-net-003-no-external-service";
    static final String POL_001 = "ward-pol-001-run-as-non-root";
    static final String POL_002 = "ward-pol-002-read-only-root-filesystem";
    static final String POL_003 = "ward-pol-003-no-privilege-escalation";
    static final String POL_004 = "ward-pol-004-drop-all-capabilities";
    static final String POL_005 = "ward-pol-005-seccomp-runtime-default";
    static final String POL_006 = "ward-pol-006-no-host-access";
    static final String POL_007 = "ward-pol-007-image-digest";
    static final String POL_009 = "ward-pol-009-data-classification";
    static final String POL_010 = "ward-pol-010-istio-injection";
    static final Set<String> EXERCISED = Set.of(ENC_002, NET_003, POL_001, POL_002, POL_003, POL_004, POL_005, POL_006,
            POL_007, POL_009, POL_010);

    /** One suite test: a constraint of one policy with its cases. */
    record SampleSet(String policy, String test, Path constraint, String constraintKind, String constraintName, String label,
            List<Case> cases) {
    }

    /** One case of a suite; {@code basePod} is set when the sample goes in through the ephemeral-containers subresource. */
    record Case(String name, Path object, List<JsonNode> assertions, String basePod) {

        boolean allowed() {
            return assertions.stream().allMatch(a -> expectedViolations(a) == 0);
        }
    }

    /**
     * Cases whose object the API server changes before any webhook sees it, with the message the
     * constraint then gives instead of the suite's. On a cluster with a default StorageClass, the
     * DefaultStorageClass admission plugin writes it into a claim that names none; the constraint still
     * denies it, naming that class (gator and opa, which see the sample as written, check the suite's
     * message, as does a cluster without a default class).
     */
    static final Map<String, String> MUTATED_BEFORE_ADMISSION = Map.of(
            ENC_002 + "/claims/example-disallowed-default-class",
            "PersistentVolumeClaim \"records-db-data\" uses StorageClass \"[^\"]+\", which is not an encrypted class");

    private static final List<SampleSet> SETS = new ArrayList<>();

    @BeforeAll
    protected static void createSampleConstraints() throws IOException {
        removeSampleConstraints(); // what an interrupted earlier run may have left; ensureNamespace waits it out
        WardRelease.ensureNamespace(NAMESPACE, OWNER);
        Path library = library();
        for (String policy : EXERCISED) {
            Path dir = library.resolve(policy);
            JsonNode template = YAML.readTree(dir.resolve("template.yaml").toFile());
            String templateName = template.path("metadata").path("name").asText();
            String created = Kubectl.run("get", "constrainttemplate", templateName, "-o", "jsonpath={.status.created}").stdout();
            if (!"true".equals(created.strip())) {
                throw new AssertionError("ConstraintTemplate " + templateName + " is not installed and created in the cluster "
                        + "(k8s/addons/install.sh applies compliance-kit/policies/library/*/template.yaml)");
            }
            String kind = template.path("spec").path("crd").path("spec").path("names").path("kind").asText();
            for (JsonNode test : YAML.readTree(dir.resolve("suite.yaml").toFile()).path("tests")) {
                SETS.add(sampleSet(dir, policy, kind, test));
            }
        }
        // Base pods first: once a constraint exists, it would judge them (and some are meant to fail).
        for (SampleSet set : SETS) {
            for (Case c : set.cases()) {
                if (c.basePod() != null) {
                    ObjectNode pod = labelled(c.object(), set.label());
                    pod.withObjectProperty("metadata").put("name", c.basePod());
                    ((ObjectNode) pod.path("spec")).remove("ephemeralContainers");
                    Kubectl.okWithInput(pod.toString(), "-n", NAMESPACE, "create", "-f", "-");
                }
            }
        }
        for (SampleSet set : SETS) {
            ObjectNode constraint = (ObjectNode) read(set.constraint());
            ObjectNode metadata = constraint.withObjectProperty("metadata");
            metadata.put("name", set.constraintName());
            metadata.withObjectProperty("labels").put(OWNER.split("=")[0], OWNER.split("=")[1]);
            constraint.withObjectProperty("spec").withObjectProperty("match").withObjectProperty("labelSelector")
                    .withObjectProperty("matchLabels").put(SAMPLE_LABEL, set.label());
            Kubectl.okWithInput(constraint.toString(), "apply", "-f", "-");
        }
        for (SampleSet set : SETS) {
            GatekeeperConstraints.awaitEnforced(set.constraintKind(), set.constraintName());
        }
    }

    @AfterAll
    protected static void removeSampleConstraints() {
        Kubectl.run("delete", "constraints", "-l", OWNER, "--ignore-not-found");
        Kubectl.run("delete", "namespace", NAMESPACE, "--ignore-not-found", "--wait=false");
    }

    @Test
    void everyPolicyOfTheLibraryIsExercisedHere() throws IOException {
        Set<String> policies = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(library())) {
            dirs.filter(Files::isDirectory).forEach(dir -> policies.add(dir.getFileName().toString()));
        }
        assertThat(policies).as("policy directories; add a factory method tagged with the control ID for a new one")
                .containsExactlyInAnyOrderElementsOf(EXERCISED);
    }

    @TestFactory
    @Tag("WARD-ENC-002")
    Stream<DynamicNode> encryptedStorageClass() {
        return samples(ENC_002);
    }

    @TestFactory
    @Tag("WARD-NET-003")
    Stream<DynamicNode> noExternalService() {
        return samples(NET_003);
    }

    @TestFactory
    @Tag("WARD-POL-001")
    Stream<DynamicNode> runAsNonRoot() {
        return samples(POL_001);
    }

    @TestFactory
    @Tag("WARD-POL-002")
    Stream<DynamicNode> readOnlyRootFilesystem() {
        return samples(POL_002);
    }

    @TestFactory
    @Tag("WARD-POL-003")
    Stream<DynamicNode> noPrivilegeEscalation() {
        return samples(POL_003);
    }

    @TestFactory
    @Tag("WARD-POL-004")
    Stream<DynamicNode> dropAllCapabilities() {
        return samples(POL_004);
    }

    @TestFactory
    @Tag("WARD-POL-005")
    Stream<DynamicNode> seccompRuntimeDefault() {
        return samples(POL_005);
    }

    @TestFactory
    @Tag("WARD-POL-006")
    Stream<DynamicNode> noHostAccess() {
        return samples(POL_006);
    }

    @TestFactory
    @Tag("WARD-POL-007")
    Stream<DynamicNode> imageDigest() {
        return samples(POL_007);
    }

    @TestFactory
    @Tag("WARD-POL-009")
    Stream<DynamicNode> dataClassification() {
        return samples(POL_009);
    }

    @TestFactory
    @Tag("WARD-POL-010")
    Stream<DynamicNode> istioInjection() {
        return samples(POL_010);
    }

    private static Stream<DynamicNode> samples(String policy) {
        return SETS.stream().filter(set -> set.policy().equals(policy)).map(set -> DynamicContainer.dynamicContainer(
                set.test() + " (constraint " + set.constraintName() + ")",
                set.cases().stream().map(c -> DynamicTest.dynamicTest(c.name() + (c.allowed() ? ": admitted" : ": denied"),
                        () -> verify(set, c)))));
    }

    private static void verify(SampleSet set, Case c) throws IOException {
        ObjectNode object = labelled(c.object(), set.label());
        boolean namespaceObject = "Namespace".equals(object.path("kind").asText());
        Kubectl.Result result;
        if (c.basePod() != null) {
            ObjectNode patch = WardRelease.JSON.createObjectNode();
            patch.withObjectProperty("spec").set("ephemeralContainers", object.path("spec").path("ephemeralContainers"));
            result = Kubectl.run("-n", NAMESPACE, "patch", "pod", c.basePod(), "--subresource=ephemeralcontainers",
                    "--type=strategic", "--dry-run=server", "-p", patch.toString());
        } else {
            result = Kubectl.runWithInput(object.toString(), "-n", NAMESPACE, "create", "--dry-run=server", "-f", "-");
        }
        List<String> violations = GatekeeperConstraints.violations(result.stderr(), set.constraintName());
        String what = c.object().getFileName() + " (" + result.describe() + ")";
        if (c.allowed()) {
            boolean admitted = result.exitCode() == 0
                    || namespaceObject && result.stderr().contains("AlreadyExists") && violations.isEmpty();
            assertThat(admitted).as("allowed sample admitted: %s", what).isTrue();
            return;
        }
        assertThat(result.exitCode()).as("disallowed sample denied: %s", what).isNotEqualTo(0);
        assertThat(violations).as("denial names constraint [%s]: %s", set.constraintName(), what).isNotEmpty();
        String replacement = hasDefaultStorageClass() ? MUTATED_BEFORE_ADMISSION.get(set.policy() + "/" + set.test() + "/" + c.name())
                : null;
        for (JsonNode assertion : c.assertions()) {
            String message = assertion.path("message").asText(null);
            if (message != null && replacement != null) {
                message = replacement;
            }
            Pattern pattern = message == null ? null : Pattern.compile(message);
            long matching = violations.stream().filter(v -> pattern == null || pattern.matcher(v).find()).count();
            long expected = expectedViolations(assertion);
            if (expected == AT_LEAST_ONE) {
                assertThat(matching).as("violations matching %s in %s", message, what).isPositive();
            } else {
                assertThat(matching).as("violations matching %s in %s", message, what).isEqualTo(expected);
            }
        }
    }

    private static Boolean defaultStorageClass;

    /** Whether the cluster marks a StorageClass as its default (kind does; the local control plane has none). */
    private static synchronized boolean hasDefaultStorageClass() {
        if (defaultStorageClass == null) {
            String annotations = Kubectl.ok("get", "storageclass", "-o",
                    "jsonpath={.items[*].metadata.annotations.storageclass\\.kubernetes\\.io/is-default-class}");
            defaultStorageClass = annotations.contains("true");
        }
        return defaultStorageClass;
    }

    static final long AT_LEAST_ONE = -1;

    /** gator's {@code violations:} value: a count, "yes" (at least one) or "no" (none); YAML may read the words as booleans. */
    static long expectedViolations(JsonNode assertion) {
        JsonNode violations = assertion.path("violations");
        if (violations.isIntegralNumber()) {
            return violations.asLong();
        }
        String word = violations.asText();
        if (word.equals("no") || word.equals("false")) {
            return 0;
        }
        if (word.equals("yes") || word.equals("true")) {
            return AT_LEAST_ONE;
        }
        throw new IllegalArgumentException("unreadable gator assertion: " + assertion);
    }

    private static SampleSet sampleSet(Path dir, String policy, String kind, JsonNode test) {
        String testName = test.path("name").asText();
        String constraintName = "lib-" + policy.replaceFirst("^ward-", "") + "-" + testName;
        String label = "s" + sha256(constraintName).substring(0, 16);
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : test.path("cases")) {
            Path object = dir.resolve(c.path("object").asText());
            List<JsonNode> assertions = new ArrayList<>();
            c.path("assertions").forEach(assertions::add);
            String basePod = hasEphemeralContainers(object) ? "eph-" + sha256(constraintName + c.path("name").asText()).substring(0, 12) : null;
            cases.add(new Case(c.path("name").asText(), object, assertions, basePod));
        }
        return new SampleSet(policy, testName, dir.resolve(test.path("constraint").asText()), kind, constraintName, label, cases);
    }

    private static boolean hasEphemeralContainers(Path object) {
        JsonNode sample = read(object);
        return "Pod".equals(sample.path("kind").asText()) && sample.path("spec").has("ephemeralContainers");
    }

    private static ObjectNode labelled(Path object, String label) {
        ObjectNode sample = (ObjectNode) read(object);
        sample.withObjectProperty("metadata").withObjectProperty("labels").put(SAMPLE_LABEL, label);
        return sample;
    }

    private static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample " + file, e);
        }
    }

    private static Path library() {
        return RepoPaths.root().resolve("compliance-kit/policies/library");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
