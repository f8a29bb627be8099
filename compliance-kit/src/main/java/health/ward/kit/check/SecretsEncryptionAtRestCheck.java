package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * WARD-ENC-004: the kube-apiserver EncryptionConfiguration encrypts Secrets. Only the first
 * provider of the entry covering secrets is used for writes; later ones serve reads only, so an
 * identity provider first means every new Secret lands in etcd in clear text.
 */
public final class SecretsEncryptionAtRestCheck implements Check {

    public static final String CONTROL_ID = "WARD-ENC-004";

    private static final Set<String> ENCRYPTING = Set.of("aescbc", "aesgcm", "secretbox", "kms");
    private static final Set<String> COVERS_SECRETS = Set.of("secrets", "*.", "*.*");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    public List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.ofKind("EncryptionConfiguration");
        List<Finding> findings = new ArrayList<>();
        for (Resource config : resources) {
            if (config.isKind("EncryptionConfiguration")) {
                checkConfig(config, findings);
            }
        }
        return findings;
    }

    private void checkConfig(Resource config, List<Finding> findings) {
        JsonNode entries = config.body().path("resources");
        for (int i = 0; i < entries.size(); i++) {
            boolean secrets = false;
            for (JsonNode resource : entries.get(i).path("resources")) {
                secrets |= COVERS_SECRETS.contains(resource.asText());
            }
            if (!secrets) {
                continue;
            }
            // The first entry naming secrets wins; later entries are never consulted for them.
            JsonNode first = entries.get(i).path("providers").path(0);
            String provider = first.isObject() && first.fieldNames().hasNext() ? first.fieldNames().next() : "none";
            if (!ENCRYPTING.contains(provider)) {
                String path = "resources[" + i + "].providers[0]";
                findings.add(Finding.of(CONTROL_ID, config, path, "EncryptionConfiguration writes Secrets with provider \""
                        + provider + "\", so they reach etcd unencrypted; make " + path
                        + " secretbox, aesgcm or kms and keep identity only after it, for reading old data"));
            }
            return;
        }
        findings.add(Finding.of(CONTROL_ID, config, "resources", "EncryptionConfiguration has no entry for secrets, so"
                + " they are stored unencrypted; add an entry with resources: [secrets] and an encrypting first provider"));
    }
}
