package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

public record ObservationView(UUID id, UUID patientId, String code, String display, String value, String unit,
        OffsetDateTime effective, String recordedBy, OffsetDateTime recordedAt) {

    @Override
    public String toString() {
        return "ObservationView[id=" + id + "]";
    }
}
