package health.ward.e2e.kind;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.e2e.cluster.Kubectl;
import health.ward.e2e.cluster.WardRelease;
import health.ward.e2e.cluster.GatekeeperConstraints;

/**
 * WARD-ENC-002 at admission, with the chart's own Constraint in namespace ward: a claim on a
 * StorageClass that is not on the chart's encrypted list is denied, a claim with no class (which
 * would get the cluster default) is denied, a claim on the chart's class is admitted. Server-side
 * dry-run, so nothing is provisioned.
 *
 * <p>What this does not show: on kind the chart's class {@code ward-encrypted} is the local-path
 * provisioner, which cannot encrypt (the chart says so in the class's annotation and in NOTES).
 * Here the proof is that admission holds every claim to the list; that the listed class really
 * encrypts is a property of the cloud providers' classes (storage.provider aws, gcp, azure).
 */
@Tag("kind")
@Tag("WARD-ENC-002")
class EncryptedStorageClassKindTest {

    /** The chart's class: "<fullname>-encrypted", the only encrypted class with default values. */
    static final String ENCRYPTED = "ward-encrypted";
    /** kind's default class (local-path, annotated as the cluster default), never on the chart's list. */
    static final String UNENCRYPTED = "standard";

    private static String constraint;

    @BeforeAll
    static void chartConstraintIsEnforced() {
        for (String storageClass : List.of(ENCRYPTED, UNENCRYPTED)) {
            Kubectl.ok("get", "storageclass", storageClass);
        }
        JsonNode constraints = WardRelease.json("get", "wardencryptedstorageclass.constraints.gatekeeper.sh",
                "-l", WardRelease.INSTANCE_LABEL, "-o", "json");
        List<String> names = new ArrayList<>();
        constraints.path("items").forEach(item -> names.add(item.path("metadata").path("name").asText()));
        assertThat(names).as("the chart's WardEncryptedStorageClass constraints").hasSize(1);
        constraint = names.get(0);
        GatekeeperConstraints.awaitEnforced("WardEncryptedStorageClass", constraint);
    }

    @Test
    void aClaimOnAnUnencryptedClassIsDenied() {
        assertDenied(UNENCRYPTED, "uses StorageClass \"" + UNENCRYPTED + "\", which is not an encrypted class");
    }

    /**
     * The API server's DefaultStorageClass admission plugin writes the cluster default class into a
     * claim without one before any webhook sees it, so the constraint judges (and names) kind's
     * default class; its own "no storageClassName" branch is for clusters without a default class.
     */
    @Test
    void aClaimWithoutAClassIsDeniedAsTheDefaultClass() {
        assertDenied(null, "uses StorageClass \"" + UNENCRYPTED + "\", which is not an encrypted class");
    }

    @Test
    void aClaimOnTheChartsEncryptedClassIsAdmitted() {
        Kubectl.Result result = dryRunClaim(ENCRYPTED);
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(0);
    }

    /** The dry-run claim is denied with exactly one violation, of the chart's constraint, saying {@code because}. */
    private static void assertDenied(String storageClass, String because) {
        Kubectl.Result result = dryRunClaim(storageClass);
        assertThat(result.exitCode()).as(result.describe()).isNotEqualTo(0);
        assertThat(GatekeeperConstraints.violations(result.stderr(), constraint)).as(result.describe())
                .singleElement().asString().contains(because);
    }

    private static Kubectl.Result dryRunClaim(String storageClass) {
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: enc-probe-%s
                  namespace: %s
                spec:
                  %saccessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: 1Gi
                """.formatted(UUID.randomUUID().toString().substring(0, 8), WardRelease.NAMESPACE,
                storageClass == null ? "" : "storageClassName: " + storageClass + "\n  ");
        return Kubectl.runWithInput(claim, "create", "--dry-run=server", "-f", "-");
    }
}
