package health.ward.patient.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A free-text clinical note. */
public record NoteCreate(@NotBlank @Size(max = 20000) String text) {

    @Override
    public String toString() {
        return "NoteCreate[redacted]";
    }
}
