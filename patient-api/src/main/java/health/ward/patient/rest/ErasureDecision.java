package health.ward.patient.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The DPO's decision on an erasure request; a reason is always required. */
public record ErasureDecision(
        @NotNull @Pattern(regexp = "APPROVE|REJECT|RESTRICT") String decision,
        @NotNull @Size(min = 10, max = 1000) String reason) {

    @Override
    public String toString() {
        return "ErasureDecision[" + decision + "]";
    }
}
