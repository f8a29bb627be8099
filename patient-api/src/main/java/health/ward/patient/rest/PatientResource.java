package health.ward.patient.rest;

import java.net.URI;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.Audited;
import health.ward.patient.service.PatientService;
import io.quarkus.security.Authenticated;

@Path("/api/v1/patients")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {

    private final PatientService patients;

    PatientResource(PatientService patients) {
        this.patients = patients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.CREATE, resourceType = PatientService.RESOURCE_TYPE)
    public Response create(@NotNull @Valid PatientCreate body) {
        PatientView created = patients.create(body);
        return Response.created(URI.create("/api/v1/patients/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.READ, resourceType = PatientService.RESOURCE_TYPE)
    public PatientView read(@PathParam("id") UUID id) {
        return patients.read(id);
    }
}
