package health.ward.patient.rest;

import java.time.LocalDate;
import java.util.UUID;

/** A patient as returned by the API, decrypted for an authorised caller. */
public record PatientView(
        UUID id,
        String organization,
        String identifier,
        HumanName name,
        LocalDate birthDate,
        String sex,
        String telecom,
        String address,
        String accountUsername) {

    @Override
    public String toString() {
        return "PatientView[id=" + id + "]";
    }
}
