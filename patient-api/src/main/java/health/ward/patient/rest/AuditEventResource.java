package health.ward.patient.rest;

import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.AuditLog;
import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.audit.AuditQuery;
import health.ward.patient.audit.AuditVerification;
import health.ward.patient.audit.AuditVerifier;
import health.ward.patient.audit.Audited;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.Authenticated;

/** The audit trail for auditors (WARD-AUD-001, WARD-AUD-002). Reading the trail is itself audited. */
@Path("/api/v1/audit-events")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AuditEventResource {

    static final String RESOURCE_TYPE = "AuditEvent";
    static final String VERIFICATION_TYPE = "AuditTrailVerification";

    private final AuditQuery query;
    private final AuditVerifier verifier;
    private final AuditLog audit;

    AuditEventResource(AuditQuery query, AuditVerifier verifier, AuditLog audit) {
        this.query = query;
        this.verifier = verifier;
        this.audit = audit;
    }

    @GET
    @RolesAllowed("auditor")
    @Transactional
    @Audited(action = AuditAction.SEARCH, resourceType = RESOURCE_TYPE)
    public Page<AuditEventView> list(
            @QueryParam("patientId") UUID patientId,
            @QueryParam("actor") @Pattern(regexp = "[A-Za-z0-9._@-]{1,100}") String actor,
            @QueryParam("from") OffsetDateTime from,
            @QueryParam("to") OffsetDateTime to,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        audit.record(AuditAction.SEARCH, RESOURCE_TYPE, patientId, AuditOutcome.SUCCESS);
        return query.find(new AuditQuery.Filter(patientId, actor, from, to), page, size);
    }

    /** The access is audited (and committed) first; verification then reads on its own snapshot. */
    @GET
    @Path("/verify")
    @RolesAllowed("auditor")
    @Audited(action = AuditAction.READ, resourceType = VERIFICATION_TYPE)
    public AuditVerification verify() {
        QuarkusTransaction.requiringNew().run(
                () -> audit.record(AuditAction.READ, VERIFICATION_TYPE, null, AuditOutcome.SUCCESS));
        return verifier.verify();
    }
}
