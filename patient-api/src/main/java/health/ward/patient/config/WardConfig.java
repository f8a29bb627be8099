package health.ward.patient.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ward's own settings; everything about Quarkus itself stays in Quarkus' namespaces. */
@ConfigMapping(prefix = "ward")
public interface WardConfig {

    Crypto crypto();

    Auth auth();

    interface Crypto {
        /** Mount path of the Transit secrets engine. */
        @WithDefault("transit")
        String transitMount();

        /** Transit key that wraps every per-subject data key (key-encryption key). */
        @WithDefault("ward-patient-kek")
        String kekName();
    }

    interface Auth {
        /** Token claim carrying a clinician's organization. */
        @WithDefault("organization")
        String organizationClaim();

        /** Token claim that names the OAuth client the caller used. */
        @WithDefault("azp")
        String clientClaim();
    }
}
