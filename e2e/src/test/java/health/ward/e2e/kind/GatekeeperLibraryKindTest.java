package health.ward.e2e.kind;

import org.junit.jupiter.api.Tag;

import health.ward.e2e.cluster.GatekeeperLibraryChecks;

/**
 * {@link GatekeeperLibraryChecks} on the kind cluster, where k8s/addons/install.sh installed
 * Gatekeeper and the library's ConstraintTemplates.
 */
@Tag("kind")
class GatekeeperLibraryKindTest extends GatekeeperLibraryChecks {
}
