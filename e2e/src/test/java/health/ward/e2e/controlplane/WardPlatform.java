package health.ward.e2e.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import health.ward.e2e.cluster.ClusterWait;
import health.ward.e2e.cluster.GatekeeperConstraints;
import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardChart;
import health.ward.e2e.cluster.WardRelease;
import health.ward.testing.RepoPaths;

/**
 * What the control-plane tier installs before its tests, in the order a platform team would: the
 * compliance-kit ConstraintTemplates (k8s/addons/install.sh applies the same files on kind), the
 * add-ons' CRDs from their pinned upstream modules ({@code make crds}) and Velero's namespace, the database Secrets the
 * chart expects (random per run, as e2e/kind/run-kind-tier.sh makes them), then release {@code ward}
 * of the chart, rendered by helm and applied server-side: every object validated by the API server
 * and admitted by Gatekeeper. Pods are created by the controllers but stay Pending: no node runs
 * here.
 */
final class WardPlatform {

    static final Path LIBRARY = RepoPaths.root().resolve("compliance-kit/policies/library");
    static final Path CRDS = RepoPaths.root().resolve(".tools/crds");
    static final String VELERO_NAMESPACE = "velero";
    static final Duration READY_WITHIN = Duration.ofMinutes(2);
    static final YAMLMapper YAML = new YAMLMapper();

    private WardPlatform() {
    }

    static void install() {
        installConstraintTemplates();
        installAddonCrds();
        // The chart puts its backup Schedule where Velero runs (values: backup.veleroNamespace).
        WardRelease.ensureNamespace(VELERO_NAMESPACE);
        WardRelease.ensureNamespace(WardRelease.NAMESPACE);
        // The platform team's step of helm/ward/README.md: Kubernetes creates this account, no chart owns it.
        Kubectl.ok("-n", WardRelease.NAMESPACE, "patch", "serviceaccount", "default", "-p", "{\"automountServiceAccountToken\": false}");
        for (String secret : List.of("ward-db-superuser", "ward-db-migrator", "ward-db-app")) {
            Kubectl.ok("-n", WardRelease.NAMESPACE, "create", "secret", "generic", secret, "--from-literal=password=" + randomPassword());
        }
        String release = WardChart.render();
        Kubectl.okWithInput(release, "apply", "--server-side", "--field-manager=ward-e2e", "-f", "-");
        for (JsonNode constraint : constraints(release)) {
            GatekeeperConstraints.awaitEnforced(constraint.path("kind").asText(), constraint.path("metadata").path("name").asText());
        }
    }


    /** The Gatekeeper Constraints of a rendered release. */
    static List<JsonNode> constraints(String rendered) {
        return WardChart.documents(rendered).stream()
                .filter(d -> d.path("apiVersion").asText().startsWith("constraints.gatekeeper.sh/")).toList();
    }


    private static void installConstraintTemplates() {
        Map<String, Path> templates = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(LIBRARY)) {
            dirs.map(d -> d.resolve("template.yaml")).filter(Files::isRegularFile).forEach(t -> templates.put(name(t), t));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + LIBRARY, e);
        }
        if (templates.isEmpty()) {
            throw new AssertionError("no ConstraintTemplates under " + LIBRARY);
        }
        for (Path template : templates.values()) {
            Kubectl.ok("apply", "--server-side", "--field-manager=ward-e2e", "-f", template.toString());
        }
        for (String name : templates.keySet()) {
            ClusterWait.until("ConstraintTemplate " + name + " created by Gatekeeper", READY_WITHIN, () -> {
                String created = Kubectl.run("get", "constrainttemplate", name, "-o", "jsonpath={.status.created}").stdout().strip();
                return "true".equals(created) ? ClusterWait.Outcome.done(true) : ClusterWait.Outcome.pending("status.created=" + created);
            });
        }
    }

    /**
     * The CRDs of the add-ons whose kinds the chart renders (Istio, Velero, the Prometheus Operator), as
     * {@code make crds} copied them from the pinned modules. Gatekeeper's own came with Gatekeeper, and
     * the Ward constraint kinds are Gatekeeper's to create from the templates.
     */
    private static void installAddonCrds() {
        List<Path> files = new ArrayList<>();
        for (String addon : List.of("istio-", "velero-", "prometheus-operator-")) {
            try (Stream<Path> dirs = Files.list(CRDS)) {
                dirs.filter(d -> d.getFileName().toString().startsWith(addon)).map(d -> d.resolve("crds.yaml"))
                        .filter(Files::isRegularFile).forEach(files::add);
            } catch (IOException e) {
                throw new AssertionError("the add-ons' CRDs are not under " + CRDS + ": run 'make crds'", e);
            }
        }
        if (files.size() != 3) {
            throw new AssertionError("expected the CRDs of Istio, Velero and the Prometheus Operator under " + CRDS
                    + " (make crds), found " + files);
        }
        for (Path file : files) {
            Kubectl.ok("apply", "--server-side", "--field-manager=ward-e2e", "-f", file.toString());
        }
        Kubectl.ok("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");
    }

    private static String name(Path template) {
        try {
            return YAML.readTree(template.toFile()).path("metadata").path("name").asText();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + template, e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** stdout of a command that must succeed; stderr goes to a file, so neither pipe can fill and block it. */
}
