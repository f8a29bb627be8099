package health.ward.patient.rest;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The legal hold on a patient record. */
public record LegalHoldView(UUID patientId, String obligation, LocalDate until, OffsetDateTime setAt) {
}
