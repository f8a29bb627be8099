package health.ward.patient.rest;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** FHIR-style name: one family name, one or more given names. */
public record HumanName(
        @NotBlank @Size(max = 200) String family,
        @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 200) String> given) {

    @Override
    public String toString() {
        return "HumanName[redacted]";
    }
}
