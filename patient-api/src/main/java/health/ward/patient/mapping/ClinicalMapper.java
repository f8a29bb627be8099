package health.ward.patient.mapping;

import java.time.OffsetDateTime;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;

import health.ward.patient.crypto.FieldCipher;
import health.ward.patient.crypto.FieldContext;
import health.ward.patient.repository.NoteEntity;
import health.ward.patient.repository.ObservationEntity;
import health.ward.patient.rest.NoteCreate;
import health.ward.patient.rest.NoteView;
import health.ward.patient.rest.ObservationCreate;
import health.ward.patient.rest.ObservationView;

/** Observations and notes between API records and ciphertext columns, under the patient's data key. */
@ApplicationScoped
public class ClinicalMapper {

    private final FieldCipher cipher;

    ClinicalMapper(FieldCipher cipher) {
        this.cipher = cipher;
    }

    public void seal(ObservationCreate in, ObservationEntity e, SecretKey key) {
        e.codeCt = cipher.seal(key, in.code(), observation(e, "code_ct"));
        e.displayCt = cipher.seal(key, in.display(), observation(e, "display_ct"));
        e.valueCt = cipher.seal(key, in.value(), observation(e, "value_ct"));
        e.unitCt = cipher.seal(key, in.unit(), observation(e, "unit_ct"));
        e.effectiveCt = cipher.seal(key, in.effective().toString(), observation(e, "effective_ct"));
    }

    public ObservationView open(ObservationEntity e, SecretKey key) {
        return new ObservationView(e.id, e.patientId,
                cipher.open(key, e.codeCt, observation(e, "code_ct")),
                cipher.open(key, e.displayCt, observation(e, "display_ct")),
                cipher.open(key, e.valueCt, observation(e, "value_ct")),
                cipher.open(key, e.unitCt, observation(e, "unit_ct")),
                OffsetDateTime.parse(cipher.open(key, e.effectiveCt, observation(e, "effective_ct"))),
                e.recordedBy, e.createdAt);
    }

    public void seal(NoteCreate in, NoteEntity e, SecretKey key) {
        e.textCt = cipher.seal(key, in.text(), new FieldContext(NoteEntity.TABLE, "text_ct", e.id));
    }

    public NoteView open(NoteEntity e, SecretKey key) {
        return new NoteView(e.id, e.patientId, cipher.open(key, e.textCt, new FieldContext(NoteEntity.TABLE, "text_ct", e.id)),
                e.recordedBy, e.createdAt);
    }

    private static FieldContext observation(ObservationEntity e, String column) {
        return new FieldContext(ObservationEntity.TABLE, column, e.id);
    }
}
