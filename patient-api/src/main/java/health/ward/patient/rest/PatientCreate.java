package health.ward.patient.rest;

import java.time.LocalDate;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

/** Request body of {@code POST /api/v1/patients} (and later of rectification). */
public record PatientCreate(
        @NotBlank @Size(max = 64) String identifier,
        @NotNull @Valid HumanName name,
        @NotNull @PastOrPresent LocalDate birthDate,
        @NotNull @Pattern(regexp = "male|female|other|unknown") String sex,
        @Size(max = 200) String telecom,
        @Size(max = 500) String address,
        @Size(max = 100) String accountUsername) {

    /** Validation messages and logs must never echo PHI. */
    @Override
    public String toString() {
        return "PatientCreate[redacted]";
    }
}
