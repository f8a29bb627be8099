package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A patient row as stored: every PHI column is AES-GCM ciphertext bound to this row and column.
 * Never reaches the wire; see {@code PatientMapper}.
 */
@Entity
@Table(name = "patient", schema = "ward")
public class PatientEntity extends PanacheEntityBase {

    public static final String TABLE = "patient";

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "subject_key_id", nullable = false)
    public SubjectKeyEntity subjectKey;

    @Column(nullable = false)
    public String organization;

    @Column(name = "identifier_ct", nullable = false)
    public byte[] identifierCt;

    @Column(name = "family_ct", nullable = false)
    public byte[] familyCt;

    @Column(name = "given_ct", nullable = false)
    public byte[] givenCt;

    @Column(name = "birth_date_ct", nullable = false)
    public byte[] birthDateCt;

    @Column(name = "sex_ct", nullable = false)
    public byte[] sexCt;

    @Column(name = "telecom_ct")
    public byte[] telecomCt;

    @Column(name = "address_ct")
    public byte[] addressCt;

    @Column(name = "account_username_ct")
    public byte[] accountUsernameCt;

    /** Blind indexes (keyed HMAC in Vault) for exact-match search; never plaintext. */
    @Column(name = "identifier_bidx")
    public String identifierBidx;

    @Column(name = "family_birth_bidx")
    public String familyBirthBidx;

    @Column(name = "account_bidx")
    public String accountBidx;

    /** GDPR Art. 18: readable only by the DPO and through break-glass. */
    @Column(nullable = false)
    public boolean restricted;

    /**
     * Counts Ward's writes of this record. Part of every PHI ciphertext's associated data and of the
     * authorization MAC, so an older ciphertext of this row no longer opens once the record moved on.
     */
    @Column(name = "record_version", nullable = false)
    public long recordVersion;

    /** HMAC over id, subject key, organization, restriction and version ({@code RecordIntegrity}); the key id it is under. */
    @Column(name = "authz_key_id")
    public String authzKeyId;

    @Column(name = "authz_mac")
    public byte[] authzMac;

    /** A retention obligation that blocks erasure and the retention job (a short label, not PHI). */
    @Column(name = "legal_hold")
    public String legalHold;

    @Column(name = "legal_hold_until")
    public java.time.LocalDate legalHoldUntil;

    @Column(name = "legal_hold_set_at")
    public OffsetDateTime legalHoldSetAt;

    /** Is a legal hold in force on {@code day}? A hold without an end date holds until lifted. */
    public boolean heldOn(java.time.LocalDate day) {
        return legalHold != null && (legalHoldUntil == null || !legalHoldUntil.isBefore(day));
    }

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false, insertable = false)
    public OffsetDateTime updatedAt;

    /** Ids only: a patient's fields must never reach a log line. */
    @Override
    public String toString() {
        return "PatientEntity[id=" + id + "]";
    }
}
