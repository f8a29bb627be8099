package health.ward.patient.rest;

import java.time.OffsetDateTime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;

/** A coded clinical value (e.g. LOINC 8867-4 heart rate, 72, /min). */
public record ObservationCreate(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9.:_-]+") String code,
        @Size(max = 200) String display,
        @NotBlank @Size(max = 200) String value,
        @Size(max = 32) String unit,
        @NotNull @PastOrPresent OffsetDateTime effective) {

    @Override
    public String toString() {
        return "ObservationCreate[redacted]";
    }
}
