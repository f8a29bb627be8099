package health.ward.patient.rest;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.Audited;
import health.ward.patient.fhir.FhirExport;
import health.ward.patient.service.SubjectService;
import io.quarkus.security.Authenticated;

/** The data protection officer acting on a subject's behalf (WARD-GDPR-001). */
@Path("/api/v1/subjects")
@Authenticated
public class SubjectResource {

    private final SubjectService subjects;

    SubjectResource(SubjectService subjects) {
        this.subjects = subjects;
    }

    @GET
    @Path("/{id}/export")
    @Produces(FhirExport.MEDIA_TYPE)
    @RolesAllowed("dpo")
    @Audited(action = AuditAction.EXPORT, resourceType = SubjectService.EXPORT)
    public String export(@PathParam("id") UUID id) {
        return subjects.exportFor(id);
    }
}
