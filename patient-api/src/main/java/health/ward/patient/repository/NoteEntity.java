package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A free-text clinical note, stored only as ciphertext under the patient's data key. */
@Entity
@Table(name = "note", schema = "ward")
public class NoteEntity extends PanacheEntityBase {

    public static final String TABLE = "note";

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "text_ct", nullable = false)
    public byte[] textCt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    @org.hibernate.annotations.Generated
    public OffsetDateTime createdAt;

    @Override
    public String toString() {
        return "NoteEntity[id=" + id + "]";
    }
}
