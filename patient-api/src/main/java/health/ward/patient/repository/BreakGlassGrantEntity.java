package health.ward.patient.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A time-boxed emergency read grant (WARD-IAM-004); the reason is ciphertext under the patient's key. */
@Entity
@Table(name = "break_glass_grant", schema = "ward")
public class BreakGlassGrantEntity extends PanacheEntityBase {

    public static final String TABLE = "break_glass_grant";

    @Id
    public UUID id;

    @Column(name = "actor_subject", nullable = false)
    public String actorSubject;

    @Column(name = "actor_username")
    public String actorUsername;

    @Column(name = "patient_id", nullable = false)
    public UUID patientId;

    @Column(name = "reason_ct", nullable = false)
    public byte[] reasonCt;

    @Column(name = "expires_at", nullable = false)
    public OffsetDateTime expiresAt;

    public static boolean active(String actorSubject, UUID patientId) {
        return count("actorSubject = ?1 and patientId = ?2 and expiresAt > ?3", actorSubject, patientId,
                OffsetDateTime.now()) > 0;
    }

    @Override
    public String toString() {
        return "BreakGlassGrantEntity[id=" + id + "]";
    }
}
