package health.ward.patient.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Ward's own settings; everything about Quarkus itself stays in Quarkus' namespaces. */
@ConfigMapping(prefix = "ward")
public interface WardConfig {

    Crypto crypto();

    Auth auth();

    Audit audit();

    BreakGlass breakGlass();

    Metrics metrics();

    SubjectRights subjectRights();

    interface SubjectRights {
        /** Transit key that signs erasure receipts (WARD-GDPR-002). */
        @WithDefault("ward-erasure-receipt")
        String receiptSigningKey();

        /** WARD-GDPR-004: how long a patient record is kept after its last change. */
        @WithDefault("P10Y")
        java.time.Period patientRetention();

        /** How long an observation is kept after it was recorded. */
        @WithDefault("P10Y")
        java.time.Period observationRetention();

        /** How long a clinical note is kept after it was recorded. */
        @WithDefault("P10Y")
        java.time.Period noteRetention();

        /** How often the retention job runs ("off" disables it). */
        @WithDefault("1h")
        String retentionEvery();
    }

    Tracing tracing();

    interface Tracing {
        /**
         * OTLP/HTTP (protobuf) traces endpoint, e.g. {@code http://otel-collector:4318/v1/traces}. Unset:
         * spans are made (trace ids reach the audit trail) but not exported.
         */
        java.util.Optional<String> otlpEndpoint();
    }

    interface Metrics {
        /** How often the per-actor access volume is sampled from the audit trail ("off" disables). */
        @WithDefault("60s")
        String accessVolumeEvery();
    }

    interface BreakGlass {
        /** How long a break-glass grant lets its clinician read that patient. */
        @WithDefault("PT1H")
        java.time.Duration ttl();
    }

    interface Audit {
        /** Transit key that wraps Ward's MAC keys: the audit MAC keys and the record MAC key. */
        @WithDefault("ward-audit-kek")
        String kekName();

        /** Transit key that signs audit chain checkpoints. */
        @WithDefault("ward-audit-signing")
        String signingKey();

        /**
         * The bound on sealing: the sealer seals events younger than this (late commits included), and
         * verification calls any event still unsealed when older than this broken. Must exceed the
         * longest transaction (the transaction timeout) plus the longest expected sealer outage.
         */
        @WithDefault("PT15M")
        java.time.Duration unsealedMaxAge();

        /** Id of the audit MAC key new events and seals use; a new id rotates the key (WARD-AUD-002). */
        @WithDefault("audit-mac-v1")
        String macKeyId();

        /** KV v2 mount holding the newest checkpoint outside the database (the anchor). */
        @WithDefault("ward-audit-anchor")
        String anchorMount();

        /**
         * The anchor's secret in that mount: one per audit trail, i.e. per database. Deployments (or
         * drills) with databases of their own that share one Vault must each set their own, or one
         * trail's anchor would stop the other's sealer. Configuration, never data in the database:
         * whoever writes to the database must not be able to point the trail at a fresh anchor.
         */
        @WithDefault("head")
        String anchorPath();

        /** How often the sealer chains new events and signs the head ("off" disables it). */
        @WithDefault("2s")
        String sealEvery();

        /** Largest number of events sealed in one transaction. */
        @WithDefault("5000")
        int sealBatch();
    }

    interface Crypto {
        /** Mount path of the Transit secrets engine. */
        @WithDefault("transit")
        String transitMount();

        /** Transit key that wraps every per-subject data key (key-encryption key). */
        @WithDefault("ward-patient-kek")
        String kekName();

        /** How often the rewrap job moves stored data keys to the newest KEK version ("off" disables). */
        @WithDefault("1h")
        String rewrapEvery();

        /** KV v2 mount holding each subject's key share (WARD-GDPR-002); erasure destroys the share. */
        @WithDefault("ward-subject-shares")
        String shareMount();

        /** Transit HMAC key for blind indexes. */
        @WithDefault("ward-blind-index")
        String blindIndexKey();

        /** Pinned version of the blind-index key: every new index is computed with it. */
        @WithDefault("1")
        int blindIndexKeyVersion();

        /**
         * While a re-index runs after the blind-index key was rotated: the version rows may still
         * carry. Searches match it as well; the re-index job moves every row to the pinned version.
         */
        java.util.Optional<Integer> blindIndexPreviousVersion();

        /** How often the re-index job looks for rows on another blind-index version ("off" disables). */
        @WithDefault("1h")
        String reindexEvery();

        /**
         * Id of the key that MACs each record's authorization data (organization, restriction, record
         * version, key) and break-glass grants; a new id rotates it, rows name the id they were MACed with.
         */
        @WithDefault("record-mac-v1")
        String recordMacKeyId();

        /** Unwrapped data keys kept in memory: at most this many... */
        @WithDefault("10000")
        int keyCacheSize();

        /** ...for at most this long, so a key destroyed or a Vault outage takes effect within the TTL. */
        @WithDefault("PT5M")
        java.time.Duration keyCacheTtl();
    }

    interface Auth {
        /** Token claim carrying a clinician's organization. */
        @WithDefault("organization")
        String organizationClaim();

        /** Token claim that links a patient's account to their record's accountUsername. */
        @WithDefault("preferred_username")
        String accountClaim();

        /** Token claim that names the OAuth client the caller used. */
        @WithDefault("azp")
        String clientClaim();
    }
}
