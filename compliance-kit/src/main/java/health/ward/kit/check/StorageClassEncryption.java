package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a StorageClass encrypts the volumes it provisions. A parameter only counts for
 * the provisioner that reads it: {@code encrypted: "true"} means nothing to, say, local-path.
 */
final class StorageClassEncryption {

    /** Lets a platform team state that encryption is done below Kubernetes (e.g. encrypted node disks). */
    static final String PROVIDED_BY_ANNOTATION = "ward.health/encryption-provided-by";

    private static final Set<String> AWS_EBS = Set.of("ebs.csi.aws.com", "kubernetes.io/aws-ebs");
    private static final Set<String> GCE_PD = Set.of("pd.csi.storage.gke.io", "kubernetes.io/gce-pd");
    private static final Set<String> AZURE_DISK = Set.of("disk.csi.azure.com", "kubernetes.io/azure-disk");

    private StorageClassEncryption() {
    }

    /** How the class encrypts, or empty when it does not. */
    static Optional<String> evidence(JsonNode storageClass) {
        String providedBy = storageClass.path("metadata").path("annotations").path(PROVIDED_BY_ANNOTATION).asText("");
        if (!providedBy.isBlank()) {
            return Optional.of(PROVIDED_BY_ANNOTATION + ": " + providedBy);
        }
        String provisioner = storageClass.path("provisioner").asText("");
        JsonNode parameters = storageClass.path("parameters");
        if (AWS_EBS.contains(provisioner) && "true".equalsIgnoreCase(parameters.path("encrypted").asText(""))) {
            return Optional.of("parameters.encrypted");
        }
        if (GCE_PD.contains(provisioner) && !parameters.path("disk-encryption-kms-key").asText("").isBlank()) {
            return Optional.of("parameters.disk-encryption-kms-key");
        }
        if (AZURE_DISK.contains(provisioner) && !parameters.path("diskEncryptionSetID").asText("").isBlank()) {
            return Optional.of("parameters.diskEncryptionSetID");
        }
        return Optional.empty();
    }

    static String howToFix(JsonNode storageClass) {
        String provisioner = storageClass.path("provisioner").asText("");
        if (AWS_EBS.contains(provisioner)) {
            return "set parameters.encrypted: \"true\"";
        }
        if (GCE_PD.contains(provisioner)) {
            return "set parameters.disk-encryption-kms-key";
        }
        if (AZURE_DISK.contains(provisioner)) {
            return "set parameters.diskEncryptionSetID";
        }
        return "use a provisioner that encrypts, or annotate it with " + PROVIDED_BY_ANNOTATION
                + " naming where encryption is provided";
    }
}
