package health.ward.patient.service;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.config.WardConfig;
import health.ward.patient.crypto.KeyServiceUnavailableException;
import health.ward.patient.crypto.SubjectKeys;
import health.ward.patient.repository.NoteEntity;
import health.ward.patient.repository.ObservationEntity;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.repository.SubjectKeyEntity;
import io.quarkus.vault.VaultTransitSecretEngine;
import io.quarkus.vault.transit.SigningInput;

/**
 * Crypto-shredding of one subject (WARD-GDPR-002), shared by approved erasure requests and the
 * retention job. Inside the caller's transaction: delete the record's rows (observations, notes and
 * break-glass grants go with the patient row), sign the receipt, then destroy the key share in Vault
 * — last, so a failure before it rolls everything back and nothing is half-erased. If the commit
 * fails after the share is gone, the rows left behind can never be decrypted (they read as erased)
 * and a retried erasure finishes the job. Cost is a handful of statements whatever the record size.
 */
@ApplicationScoped
public class SubjectEraser {

    public record Receipt(String text, String signature) {
    }

    private final SubjectKeys keys;
    private final VaultTransitSecretEngine transit;
    private final WardConfig.SubjectRights config;

    SubjectEraser(SubjectKeys keys, VaultTransitSecretEngine transit, WardConfig config) {
        this.keys = keys;
        this.transit = transit;
        this.config = config.subjectRights();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Receipt erase(PatientEntity patient, UUID requestId, String basis) {
        UUID patientId = patient.id;
        UUID subjectKeyId = patient.subjectKey.id;
        String wrapped = patient.subjectKey.wrappedKey;
        long observations = ObservationEntity.count("patientId", patientId);
        long notes = NoteEntity.count("patientId", patientId);
        // Bulk deletes: the database cascades to observations, notes and break-glass grants.
        PatientEntity.delete("id", patientId);
        SubjectKeyEntity.delete("id", subjectKeyId);
        PatientEntity.getEntityManager().flush();

        String receipt = receipt(requestId, patientId, subjectKeyId, basis, observations, notes);
        String signature;
        try {
            signature = transit.sign(config.receiptSigningKey(), new SigningInput(receipt.getBytes(StandardCharsets.UTF_8)), null);
        } catch (RuntimeException e) {
            throw new KeyServiceUnavailableException("erasure receipt signing", e);
        }
        keys.shred(subjectKeyId, wrapped);
        return new Receipt(receipt, signature);
    }

    /** Canonical JSON (fixed field order, no PHI): the exact bytes the signature covers. */
    static String receipt(UUID requestId, UUID patientId, UUID subjectKeyId, String basis, long observations, long notes) {
        String erasedAt = DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        return "{\"type\":\"ward-erasure-receipt-v1\""
                + ",\"erasureRequest\":" + (requestId == null ? "null" : "\"" + requestId + "\"")
                + ",\"basis\":\"" + basis + "\""
                + ",\"patient\":\"" + patientId + "\""
                + ",\"erasedAt\":\"" + erasedAt + "\""
                + ",\"deleted\":{\"patient\":1,\"observations\":" + observations + ",\"notes\":" + notes + "}"
                + ",\"keyMaterial\":{\"subjectKey\":\"" + subjectKeyId + "\",\"share\":\"destroyed\"}"
                + "}";
    }
}
