package health.ward.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.GatekeeperConstraints;
import health.ward.e2e.cluster.WardChart;
import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardRelease;
import health.ward.testing.RepoPaths;

/**
 * The chart against a real API server with the add-ons' real CRDs and Gatekeeper admission:
 * <ul>
 * <li>the release {@link WardPlatform} installed is there whole: every object of the render exists,
 * so each was schema-validated (strict field validation, CRD schemas included) and admitted;</li>
 * <li>every CI values variant passes the same validation (server-side dry-run, each in a namespace
 * of its own so immutable fields of the installed release do not get in the way);</li>
 * <li>the insecure values ({@code ci-insecure/insecure-values.yaml}), created with a server-side dry-run
 * in the release namespace, are denied by the release's
 * Constraints, each Constraint naming its own violations: one invocation per control (the same
 * two renders as {@code make gator-chart}, now judged by the webhook);</li>
 * <li>a field the CRD does not define is refused, so the validation above is not a formality.</li>
 * </ul>
 */
@Tag("control-plane")
@ExtendWith(LocalControlPlane.class)
class ChartAdmissionControlPlaneTest {

    static final Path CI_VALUES = RepoPaths.root().resolve("helm/ward/ci");
    static final Path INSECURE_VALUES = RepoPaths.root().resolve("helm/ward/ci-insecure/insecure-values.yaml");
    static final List<String> VARIANT_NAMESPACES = new ArrayList<>();

    @AfterAll
    static void removeVariantNamespaces() {
        VARIANT_NAMESPACES.forEach(ns -> Kubectl.run("delete", "namespace", ns, "--ignore-not-found", "--wait=false"));
    }

    @Test
    void theInstalledReleaseIsThereWhole() {
        List<JsonNode> objects = WardChart.documents(WardChart.render());
        assertThat(objects).as("objects of the render").hasSizeGreaterThan(20);
        List<String> missing = new ArrayList<>();
        for (JsonNode object : objects) {
            String kind = object.path("kind").asText();
            String group = object.path("apiVersion").asText().contains("/") ? "." + object.path("apiVersion").asText().split("/")[0] : "";
            String name = object.path("metadata").path("name").asText();
            String namespace = object.path("metadata").path("namespace").asText("");
            List<String> args = new ArrayList<>(List.of("get", kind + group, name, "-o", "name"));
            if (!namespace.isEmpty()) {
                args.addAll(List.of("-n", namespace));
            }
            if (Kubectl.run(args.toArray(String[]::new)).exitCode() != 0) {
                missing.add(kind + group + " " + namespace + "/" + name);
            }
        }
        assertThat(missing).as("objects of the release the API server does not have").isEmpty();
    }

    static Stream<String> variants() throws IOException {
        try (Stream<Path> files = Files.list(CI_VALUES)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("-values.yaml"))
                    .map(f -> f.substring(0, f.length() - "-values.yaml".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void everyValuesVariantPassesTheApiServersValidation(String variant) {
        String release = "ward-" + variant;
        VARIANT_NAMESPACES.add(release);
        WardRelease.ensureNamespace(release);
        String rendered = WardChart.render("--namespace", release, "--set", "fullnameOverride=" + release,
                "-f", CI_VALUES.resolve(variant + "-values.yaml").toString());
        Kubectl.Result result = Kubectl.runWithInput(rendered, "apply", "--server-side", "--dry-run=server",
                "--field-manager=ward-e2e", "-f", "-");
        assertThat(result.exitCode()).as("server-side dry-run of variant %s: %s", variant, result.describe()).isZero();
    }

    static Stream<Arguments> releaseConstraints() {
        return WardPlatform.constraints(WardChart.render()).stream().map(c -> Arguments.of(
                c.path("metadata").path("annotations").path("ward.health/control-id").asText(), c.path("kind").asText(),
                c.path("metadata").path("name").asText()));
    }

    @ParameterizedTest(name = "[{0}] {1}", quoteTextArguments = false)
    @MethodSource("releaseConstraints")
    void theInsecureValuesAreDeniedByEachConstraint(String control, String kind, String constraint) {
        GatekeeperConstraints.awaitEnforced(kind, constraint);
        String denial = insecureDenial();
        assertThat(GatekeeperConstraints.violations(denial, constraint))
                .as("lines of constraint [%s] in the denial of the insecure render: %s", constraint, denial).isNotEmpty();
    }

    @Test
    void aFieldTheCrdDoesNotDefineIsRefused() {
        String peerAuthentication = """
                apiVersion: security.istio.io/v1
                kind: PeerAuthentication
                metadata: {name: unknown-field-probe, namespace: ward}
                spec:
                  mtls: {mode: STRICT}
                  notAFieldOfPeerAuthentication: true
                """;
        Kubectl.Result result = Kubectl.runWithInput(peerAuthentication, "apply", "--server-side", "--dry-run=server",
                "--field-manager=ward-e2e", "-f", "-");
        assertThat(result.exitCode()).as("an unknown field: %s", result.describe()).isNotZero();
        assertThat(result.stderr()).contains("notAFieldOfPeerAuthentication");
    }

    private static String insecureDenial;

    /** The API server's answers to a server-side dry-run create of the insecure renders in the release namespace (computed once). */
    static synchronized String insecureDenial() {
        if (insecureDenial == null) {
            StringBuilder denials = new StringBuilder();
            // As make gator-chart does: the insecure values as they are (no classification labels), and
            // with the labels, so the workload constraints are not hidden behind the labelling one.
            for (String labelled : List.of("false", "true")) {
                String rendered = WardChart.render("-f", INSECURE_VALUES.toString(), "--set", "gatekeeper.constraints.enabled=true",
                        "--set", "dataClassification.enabled=" + labelled);
                // A CREATE, as gator reviews it: validating admission runs before storage, so an object of
                // the installed release is judged first and only then answers AlreadyExists. (A
                // server-side apply would stop earlier: the insecure render lists one env name twice,
                // and a StatefulSet's volume claims cannot be updated.)
                Kubectl.Result result = Kubectl.runWithInput(rendered, "create", "--dry-run=server", "-f", "-");
                assertThat(result.exitCode()).as("the insecure render (labelled: %s) is not admitted", labelled).isNotZero();
                denials.append(result.stderr()).append('\n');
            }
            insecureDenial = denials.toString();
        }
        return insecureDenial;
    }
}
