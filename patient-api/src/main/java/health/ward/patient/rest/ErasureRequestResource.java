package health.ward.patient.rest;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.Audited;
import health.ward.patient.repository.ErasureRequestEntity;
import health.ward.patient.service.ErasureService;
import io.quarkus.security.Authenticated;

/** The DPO's side of erasure (WARD-GDPR-002): the work list and the decision. */
@Path("/api/v1/erasure-requests")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class ErasureRequestResource {

    private final ErasureService erasure;

    ErasureRequestResource(ErasureService erasure) {
        this.erasure = erasure;
    }

    @GET
    @RolesAllowed("dpo")
    @Audited(action = AuditAction.SEARCH, resourceType = ErasureService.REQUEST)
    public List<ErasureRequestView> list(@QueryParam("state") @Pattern(regexp = "PENDING|ERASED|REJECTED|RESTRICTED") String state) {
        return erasure.list(state == null ? null : ErasureRequestEntity.State.valueOf(state));
    }

    /** APPROVE erases (crypto-shredding), REJECT keeps the record, RESTRICT limits processing (Art. 18). */
    @POST
    @Path("/{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("dpo")
    @Audited(action = AuditAction.UPDATE, resourceType = ErasureService.REQUEST)
    public ErasureRequestView decide(@PathParam("id") UUID id, @NotNull @Valid ErasureDecision body) {
        return erasure.decide(id, body);
    }
}
