package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A coded clinical value; every clinical field is ciphertext under the patient's data key. */
@Entity
@Table(name = "observation", schema = "ward")
public class ObservationEntity extends PanacheEntityBase {

    public static final String TABLE = "observation";

    @Id
    public UUID id;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "code_ct", nullable = false)
    public byte[] codeCt;

    @Column(name = "display_ct")
    public byte[] displayCt;

    @Column(name = "value_ct", nullable = false)
    public byte[] valueCt;

    @Column(name = "unit_ct")
    public byte[] unitCt;

    @Column(name = "effective_ct", nullable = false)
    public byte[] effectiveCt;

    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    @org.hibernate.annotations.Generated
    public OffsetDateTime createdAt;

    @Override
    public String toString() {
        return "ObservationEntity[id=" + id + "]";
    }
}
