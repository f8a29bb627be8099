package health.ward.e2e.controlplane;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import health.ward.e2e.cluster.RbacMatrixChecks;

/**
 * {@link RbacMatrixChecks} answered by the local control plane's RBAC authorizer for the release
 * {@link WardPlatform} installed; its pods exist as the API server stored them (Pending: no node).
 */
@Tag("control-plane")
@Tag("WARD-IAM-002")
@Tag("WARD-IAM-003")
@ExtendWith(LocalControlPlane.class)
class RbacMatrixControlPlaneTest extends RbacMatrixChecks {

    @Test
    @Tag("WARD-IAM-005")
    void theChartsPodsCarryNoKubernetesApiToken() {
        assertTheChartsPodsCarryNoKubernetesApiToken();
    }
}
