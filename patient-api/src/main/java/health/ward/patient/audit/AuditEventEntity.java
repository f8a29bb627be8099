package health.ward.patient.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * One access attempt, aligned with FHIR AuditEvent / IHE BALP. Holds identifiers, roles and codes;
 * never a PHI value. The table is append-only (grants + trigger), so the entity is insert-only.
 */
@Entity
@Table(name = "audit_event", schema = "ward")
public class AuditEventEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Assigned by the database at insert and read back, so a freshly written event has it too. */
    @org.hibernate.annotations.Generated
    @Column(name = "sequence", insertable = false, updatable = false)
    public Long sequence;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    public OffsetDateTime occurredAt;

    @Column(name = "actor_subject", updatable = false)
    public String actorSubject;

    @Column(name = "actor_username", updatable = false)
    public String actorUsername;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "actor_roles", nullable = false, updatable = false)
    public String[] actorRoles;

    @Column(name = "actor_organization", updatable = false)
    public String actorOrganization;

    @Column(name = "client_id", updatable = false)
    public String clientId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public AuditAction action;

    @Column(name = "resource_type", nullable = false, updatable = false)
    public String resourceType;

    @Column(name = "resource_id", updatable = false)
    public String resourceId;

    @Column(name = "patient_id", updatable = false)
    public UUID patientId;

    @Column(name = "purpose_of_use", nullable = false, updatable = false)
    public String purposeOfUse;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public AuditOutcome outcome;

    @Column(name = "source_address", updatable = false)
    public String sourceAddress;

    @Column(name = "request_id", updatable = false)
    public String requestId;

    @Column(name = "trace_id", updatable = false)
    public String traceId;

    /** What changed, as keyed digests only (rectification); never a value. */
    @Column(name = "detail", updatable = false)
    public String detail;

    /** HMAC-SHA256 over {@link AuditCanonicalForm#encode}, keyed by {@link AuditMacKey} (WARD-AUD-002). */
    @Column(updatable = false)
    public byte[] mac;

    /** Which audit MAC key {@link #mac} is under (rotation); null on events older than key ids: the first key. */
    @Column(name = "mac_key_id", updatable = false)
    public String macKeyId;

    @Override
    public String toString() {
        return "AuditEventEntity[id=" + id + ", action=" + action + ", outcome=" + outcome + "]";
    }
}
