package health.ward.patient.rest;

import java.time.LocalDate;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A retention obligation that blocks erasure: a short label naming the obligation (e.g. "HIPAA
 * 164.316(b)(2)(i) six-year retention" or a litigation case number), optionally until a date.
 */
public record LegalHoldRequest(
        @NotBlank @Size(min = 3, max = 200) @Pattern(regexp = "[\\p{L}\\p{N}\\p{P}\\p{Zs}§]+") String obligation,
        LocalDate until) {
}
