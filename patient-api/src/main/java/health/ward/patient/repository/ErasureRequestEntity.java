package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A data subject's erasure request (GDPR Art. 17) and the DPO's decision. It outlives the record it
 * erases, as proof the right was honoured, and holds no PHI: the decision reason is ciphertext under
 * the subject's key (shredded with it), the requester is the account's blind index.
 */
@Entity
@Table(name = "erasure_request", schema = "ward")
public class ErasureRequestEntity extends PanacheEntityBase {

    public enum State {
        PENDING, ERASED, REJECTED, RESTRICTED
    }

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false, updatable = false)
    public UUID patientId;

    @Column(name = "requester_account_bidx", nullable = false, updatable = false)
    public String requesterAccountBidx;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public OffsetDateTime requestedAt;

    @Column(name = "decided_at")
    public OffsetDateTime decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "decision_reason_ct")
    public byte[] decisionReasonCt;

    @Column
    public String receipt;

    @Column(name = "receipt_signature")
    public String receiptSignature;

    @Override
    public String toString() {
        return "ErasureRequestEntity[id=" + id + ", state=" + state + "]";
    }
}
