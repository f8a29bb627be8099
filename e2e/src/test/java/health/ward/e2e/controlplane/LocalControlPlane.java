package health.ward.e2e.controlplane;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.LocalScript;
import health.ward.testing.RepoPaths;

/**
 * The control-plane tier's cluster: {@code k8s/local/control-plane.sh up} (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler and Gatekeeper on 127.0.0.1, built by {@code make
 * control-plane-tools}) with the platform and the chart of {@link WardPlatform} installed, started
 * once per test run by the first class that uses this extension, and
 * {@code down} when the run ends (JUnit closes the root store), so nothing outlives it. A run killed
 * before that leaves processes and state that the next {@code up} removes first.
 *
 * <p>Every {@link Kubectl} call of the run goes to this cluster, as the administrator
 * ({@code system:masters}); tests that need another identity impersonate it.
 */
public final class LocalControlPlane implements BeforeAllCallback {

    /** Cold: certificates, etcd, the API server and Gatekeeper; ~30 s here, bounded well above. */
    static final Duration UP_TIMEOUT = Duration.ofMinutes(5);

    /** The tests' own state directory, so a control plane started by hand ({@code make control-plane}) is left alone. */
    static final Path STATE = RepoPaths.root().resolve(".run/control-plane-tests");
    private static final LocalScript SCRIPT = new LocalScript("control-plane", "WARD_CONTROL_PLANE_DIR", STATE);

    @Override
    public void beforeAll(ExtensionContext context) {
        // Another tier's classes may have pointed kubectl elsewhere since.
        LocalScript.startedOnce(context, Running.class, Running::start, "the control plane").point();
    }

    /** The environment the script wrote for the running control plane (KUBECONFIG, etcd endpoint, audit log, ...). */
    static Map<String, String> environment() {
        return Running.current().environment();
    }

    static String env(String name) {
        String value = environment().get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is missing from the control plane's env file");
        }
        return value;
    }

    /** A started control plane; closing it runs {@code down}. */
    record Running(Map<String, String> environment) implements AutoCloseable {

        private static volatile Running current;

        static Running current() {
            Running running = current;
            if (running == null) {
                throw new IllegalStateException("no control plane: annotate the test class with @ExtendWith(LocalControlPlane.class)");
            }
            return running;
        }

        static Running start() {
            SCRIPT.run("up", UP_TIMEOUT);
            current = new Running(SCRIPT.environment());
            current.point();
            try {
                WardPlatform.install();
            } catch (RuntimeException | AssertionError e) {
                current.close();
                throw e;
            }
            return current;
        }

        void point() {
            Kubectl.use(new Kubectl.Target(environment.get("WARD_KUBE_BIN") + "/kubectl", Path.of(environment.get("KUBECONFIG"))));
        }

        @Override
        public void close() {
            current = null;
            SCRIPT.run("down", Duration.ofMinutes(2));
        }
    }
}
