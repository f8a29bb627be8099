package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

public record NoteView(UUID id, UUID patientId, String text, String recordedBy, OffsetDateTime recordedAt) {

    @Override
    public String toString() {
        return "NoteView[id=" + id + "]";
    }
}
