package health.ward.e2e.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.LocalScript;
import health.ward.testing.RepoPaths;

/**
 * The cluster tier's cluster: {@code k8s/local/cluster.sh up} — the control plane of
 * {@code control-plane.sh} plus a node (containerd, kubelet, kube-proxy, kube-router enforcing
 * NetworkPolicy, CoreDNS) in a network namespace of its own, pulling the images {@code make images}
 * built from a registry on the node's loopback. Started once per test run by the first class that
 * uses this extension, {@code down} when the run ends (JUnit closes the root store); a run killed
 * before that leaves state the next {@code up} removes first, and {@code make test} checks after the
 * run that nothing is left on the host ({@code cluster.sh check-clean}).
 */
public final class LocalCluster implements BeforeAllCallback {

    /** Cold: the control plane, containerd, the node Ready, CoreDNS rolled out; ~1 min here, bounded well above. */
    static final Duration UP_TIMEOUT = Duration.ofMinutes(6);

    /** The tests' own state directory, so a cluster started by hand ({@code make cluster}) is left alone. */
    static final Path STATE = RepoPaths.root().resolve(".run/cluster-tests");
    private static final LocalScript SCRIPT = new LocalScript("cluster", "WARD_CLUSTER_DIR", STATE);
    private static final Path IMAGES = RepoPaths.root().resolve("target/images/images.json");

    @Override
    public void beforeAll(ExtensionContext context) {
        // Another tier's classes may have pointed kubectl elsewhere since.
        LocalScript.startedOnce(context, Running.class, Running::start, "the local cluster").point();
    }

    /** The env file {@code cluster.sh up} wrote (KUBECONFIG, WARD_CLUSTER_NETNS, WARD_NODE_IP, ...). */
    static Map<String, String> environment() {
        Running running = Running.current;
        if (running == null) {
            throw new IllegalStateException("no local cluster: annotate the test class with @ExtendWith(LocalCluster.class)");
        }
        return running.environment();
    }

    /**
     * An image of {@code make images} as the node pulls it, by digest: {@code registry/ward/name@sha256:...}
     * from target/images/images.json (the registry the node serves on its loopback is the one
     * {@code make images} pushed to, so the reference is the same).
     */
    static String image(String name) {
        JsonNode images = imagesJson();
        for (JsonNode image : images.path("images")) {
            if (name.equals(image.path("name").asText())) {
                return image.path("repository").asText() + "@" + image.path("digest").asText();
            }
        }
        throw new AssertionError("no image '" + name + "' in " + IMAGES + ": " + images.path("images"));
    }

    private static JsonNode imagesJson() {
        if (!Files.isRegularFile(IMAGES)) {
            throw new AssertionError(IMAGES + " is missing: the cluster tier runs the images `make images` built");
        }
        try {
            return new ObjectMapper().readTree(IMAGES.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + IMAGES, e);
        }
    }

    /** A started cluster; closing it runs {@code down}. */
    record Running(Map<String, String> environment) implements AutoCloseable {

        private static volatile Running current;

        static Running start() {
            SCRIPT.run("up", UP_TIMEOUT);
            current = new Running(SCRIPT.environment());
            current.point();
            return current;
        }

        void point() {
            Kubectl.use(new Kubectl.Target(environment.get("WARD_KUBE_BIN") + "/kubectl", Path.of(environment.get("KUBECONFIG"))));
        }

        @Override
        public void close() {
            current = null;
            SCRIPT.run("down", Duration.ofMinutes(3));
        }
    }
}
