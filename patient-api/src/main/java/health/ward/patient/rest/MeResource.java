package health.ward.patient.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.Audited;
import health.ward.patient.fhir.FhirExport;
import health.ward.patient.service.ClinicalService;
import health.ward.patient.service.ErasureService;
import health.ward.patient.service.PatientService;
import health.ward.patient.service.SubjectService;
import io.quarkus.security.Authenticated;

/** A patient's own record and who accessed it (WARD-GDPR-001). */
@Path("/api/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    private final SubjectService subject;
    private final ErasureService erasure;

    MeResource(SubjectService subject, ErasureService erasure) {
        this.subject = subject;
        this.erasure = erasure;
    }

    @GET
    @RolesAllowed("patient")
    @Audited(action = AuditAction.READ, resourceType = PatientService.RESOURCE_TYPE)
    public PatientView me() {
        return subject.me();
    }

    @GET
    @Path("/observations")
    @RolesAllowed("patient")
    @Audited(action = AuditAction.READ, resourceType = ClinicalService.OBSERVATION)
    public List<ObservationView> observations() {
        return subject.myObservations();
    }

    @GET
    @Path("/notes")
    @RolesAllowed("patient")
    @Audited(action = AuditAction.READ, resourceType = ClinicalService.NOTE)
    public List<NoteView> notes() {
        return subject.myNotes();
    }

    @GET
    @Path("/export")
    @Produces(FhirExport.MEDIA_TYPE)
    @RolesAllowed("patient")
    @Audited(action = AuditAction.EXPORT, resourceType = SubjectService.EXPORT)
    public String export() {
        return subject.myExport();
    }

    @GET
    @Path("/access-log")
    @RolesAllowed("patient")
    @Audited(action = AuditAction.READ, resourceType = SubjectService.ACCESS_LOG)
    public List<AccessLogEntry> accessLog() {
        return subject.myAccessLog();
    }

    /** GDPR Art. 17: ask for erasure; the DPO decides. */
    @POST
    @Path("/erasure-requests")
    @RolesAllowed("patient")
    @Audited(action = AuditAction.CREATE, resourceType = ErasureService.REQUEST)
    public Response requestErasure() {
        ErasureRequestView created = erasure.request();
        return Response.created(URI.create("/api/v1/me/erasure-requests/" + created.id())).entity(created).build();
    }

    /** Follow one's own request; after erasure it carries the signed receipt. */
    @GET
    @Path("/erasure-requests/{id}")
    @RolesAllowed("patient")
    @Audited(action = AuditAction.READ, resourceType = ErasureService.REQUEST)
    public ErasureRequestView erasureRequest(@PathParam("id") UUID id) {
        return erasure.mine(id);
    }
}
