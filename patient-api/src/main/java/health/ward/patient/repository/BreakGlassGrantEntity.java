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

    /** HMAC over id, actor, patient, expiry and reason ({@code RecordIntegrity}); the key id it is under. */
    @Column(name = "mac_key_id")
    public String macKeyId;

    @Column(name = "mac")
    public byte[] mac;

    /** Grants of this actor to this patient that have not expired, as stored: each must pass its MAC before it counts. */
    public static java.util.List<BreakGlassGrantEntity> active(String actorSubject, UUID patientId) {
        return list("actorSubject = ?1 and patientId = ?2 and expiresAt > ?3", actorSubject, patientId, OffsetDateTime.now());
    }

    @Override
    public String toString() {
        return "BreakGlassGrantEntity[id=" + id + "]";
    }
}
