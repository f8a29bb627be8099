package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WARD-ENC-002: every PersistentVolumeClaim and StatefulSet volumeClaimTemplate names a
 * StorageClass that is part of the audited set and encrypts. A claim without a class is a
 * finding because the cluster default class is outside what was audited.
 */
public final class EncryptedStorageClassCheck implements Check {

    public static final String CONTROL_ID = "WARD-ENC-002";

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        Map<String, JsonNode> classes = new HashMap<>();
        for (Resource resource : index.ofKind("StorageClass")) {
            classes.put(resource.name(), resource.body());
        }
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : index.ofKinds(List.of("PersistentVolumeClaim", "StatefulSet"))) {
            if (resource.isKind("PersistentVolumeClaim")) {
                checkClaim(resource, resource.body().path("spec"), "spec.storageClassName", "PersistentVolumeClaim",
                        classes, findings);
            } else if (resource.isKind("StatefulSet")) {
                JsonNode templates = resource.body().path("spec").path("volumeClaimTemplates");
                for (int i = 0; i < templates.size(); i++) {
                    String claimName = templates.get(i).path("metadata").path("name").asText("");
                    checkClaim(resource, templates.get(i).path("spec"),
                            "spec.volumeClaimTemplates[" + i + "].spec.storageClassName",
                            "volumeClaimTemplate \"" + claimName + "\"", classes, findings);
                }
            }
        }
        AdmissionConstraints.check(CONTROL_ID, index, findings);
        return findings;
    }

    private void checkClaim(Resource resource, JsonNode claimSpec, String path, String what,
            Map<String, JsonNode> classes, List<Finding> findings) {
        String className = claimSpec.path("storageClassName").asText("");
        if (className.isBlank()) {
            findings.add(Finding.of(CONTROL_ID, resource, path, what
                    + " has no storageClassName and would get the cluster default class; set " + path
                    + " to an encrypted StorageClass"));
            return;
        }
        JsonNode storageClass = classes.get(className);
        if (storageClass == null) {
            findings.add(Finding.of(CONTROL_ID, resource, path, what + " uses StorageClass \"" + className
                    + "\", which is not among the audited resources, so its encryption cannot be verified; "
                    + "include it in the audit or set " + path + " to an encrypted StorageClass"));
            return;
        }
        if (StorageClassEncryption.evidence(storageClass).isEmpty()) {
            findings.add(Finding.of(CONTROL_ID, resource, path, what + " uses StorageClass \"" + className
                    + "\" (provisioner \"" + storageClass.path("provisioner").asText("") + "\"), which does not encrypt: "
                    + StorageClassEncryption.howToFix(storageClass) + " on the StorageClass, or set " + path
                    + " to an encrypted StorageClass"));
        }
    }
}
