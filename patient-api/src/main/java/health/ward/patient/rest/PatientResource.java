package health.ward.patient.rest;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import health.ward.patient.audit.AuditAction;
import health.ward.patient.audit.Audited;
import health.ward.patient.service.ClinicalService;
import health.ward.patient.service.ErasureService;
import health.ward.patient.service.PatientService;
import io.quarkus.security.Authenticated;

/** The clinician API (WARD-IAM-001): every method names its role; everything else is denied. */
@Path("/api/v1/patients")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {

    private final PatientService patients;
    private final ClinicalService clinical;
    private final ErasureService erasure;

    PatientResource(PatientService patients, ClinicalService clinical, ErasureService erasure) {
        this.patients = patients;
        this.clinical = clinical;
        this.erasure = erasure;
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

    /** Either {@code identifier}, or {@code family} and {@code birthDate}; exact match only. */
    @GET
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.SEARCH, resourceType = PatientService.RESOURCE_TYPE)
    public List<PatientView> search(@QueryParam("identifier") @Size(min = 1, max = 64) String identifier,
            @QueryParam("family") @Size(min = 1, max = 200) String family,
            @QueryParam("birthDate") LocalDate birthDate) {
        boolean byIdentifier = identifier != null && family == null && birthDate == null;
        boolean byName = identifier == null && family != null && birthDate != null;
        if (!byIdentifier && !byName) {
            throw new InvalidRequestException("Search by identifier, or by family and birthDate together.");
        }
        return patients.search(identifier, family, birthDate);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.UPDATE, resourceType = PatientService.RESOURCE_TYPE)
    public PatientView rectify(@PathParam("id") UUID id, @NotNull @Valid PatientCreate body) {
        return patients.rectify(id, body);
    }

    @POST
    @Path("/{id}/observations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.CREATE, resourceType = ClinicalService.OBSERVATION)
    public Response addObservation(@PathParam("id") UUID id, @NotNull @Valid ObservationCreate body) {
        ObservationView created = clinical.addObservation(id, body);
        return Response.created(URI.create("/api/v1/patients/" + id + "/observations/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}/observations")
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.READ, resourceType = ClinicalService.OBSERVATION)
    public List<ObservationView> observations(@PathParam("id") UUID id) {
        return clinical.observations(id);
    }

    @POST
    @Path("/{id}/notes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.CREATE, resourceType = ClinicalService.NOTE)
    public Response addNote(@PathParam("id") UUID id, @NotNull @Valid NoteCreate body) {
        NoteView created = clinical.addNote(id, body);
        return Response.created(URI.create("/api/v1/patients/" + id + "/notes/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}/notes")
    @RolesAllowed("clinician")
    @Audited(action = AuditAction.READ, resourceType = ClinicalService.NOTE)
    public List<NoteView> notes(@PathParam("id") UUID id) {
        return clinical.notes(id);
    }

    /** A retention obligation that blocks erasure (WARD-GDPR-002); replaces any earlier hold. */
    @PUT
    @Path("/{id}/legal-hold")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("dpo")
    @Audited(action = AuditAction.UPDATE, resourceType = ErasureService.LEGAL_HOLD)
    public LegalHoldView placeLegalHold(@PathParam("id") UUID id, @NotNull @Valid LegalHoldRequest body) {
        return erasure.placeHold(id, body);
    }

    @DELETE
    @Path("/{id}/legal-hold")
    @RolesAllowed("dpo")
    @Audited(action = AuditAction.DELETE, resourceType = ErasureService.LEGAL_HOLD)
    public void liftLegalHold(@PathParam("id") UUID id) {
        erasure.liftHold(id);
    }
}
