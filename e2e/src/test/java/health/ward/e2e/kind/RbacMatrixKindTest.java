package health.ward.e2e.kind;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.e2e.cluster.RbacMatrixChecks;

/** {@link RbacMatrixChecks} on the kind cluster with the chart installed by e2e/kind/run-kind-tier.sh. */
@Tag("kind")
@Tag("WARD-IAM-002")
@Tag("WARD-IAM-003")
class RbacMatrixKindTest extends RbacMatrixChecks {

    /** WARD-IAM-005 on the running pods, after every mutating webhook had its turn: no Kubernetes API token inside. */
    @Test
    @Tag("WARD-IAM-005")
    void theChartsPodsCarryNoKubernetesApiToken() {
        assertTheChartsPodsCarryNoKubernetesApiToken();
    }
}
