package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An erasure request as its subject and the DPO see it. {@code receipt} is the exact text the
 * Transit signature {@code receiptSignature} covers (ed25519, key {@code ward-erasure-receipt}).
 * {@code decisionReason} is gone once the subject is erased: it was encrypted under their key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErasureRequestView(UUID id, UUID patientId, String state, OffsetDateTime requestedAt,
        OffsetDateTime decidedAt, String decidedBy, String decisionReason, String receipt, String receiptSignature) {

    /** Ids and state only: the decision reason may describe the subject. */
    @Override
    public String toString() {
        return "ErasureRequestView[id=" + id + ", state=" + state + "]";
    }
}
