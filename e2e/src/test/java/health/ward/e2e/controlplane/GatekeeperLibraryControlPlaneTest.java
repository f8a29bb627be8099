package health.ward.e2e.controlplane;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.cluster.GatekeeperLibraryChecks;

/**
 * {@link GatekeeperLibraryChecks} through the real admission chain of the local control plane:
 * kube-apiserver calling Gatekeeper's validating webhook (failurePolicy Fail), with the library's
 * ConstraintTemplates installed by {@link WardPlatform}.
 */
@Tag("control-plane")
@ExtendWith(LocalControlPlane.class)
class GatekeeperLibraryControlPlaneTest extends GatekeeperLibraryChecks {
}
