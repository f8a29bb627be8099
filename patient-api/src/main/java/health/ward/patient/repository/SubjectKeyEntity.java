package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A subject's data key, only ever stored wrapped by the Transit key-encryption key. */
@Entity
@Table(name = "subject_key", schema = "ward")
public class SubjectKeyEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "kek_name", nullable = false)
    public String kekName;

    @Column(name = "wrapped_key", nullable = false)
    public String wrappedKey;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Override
    public String toString() {
        return "SubjectKeyEntity[id=" + id + "]";
    }
}
