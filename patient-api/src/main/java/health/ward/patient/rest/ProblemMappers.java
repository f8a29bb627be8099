package health.ward.patient.rest;

import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import health.ward.patient.audit.AuditOutcome;
import health.ward.patient.audit.Audited;
import health.ward.patient.audit.RejectedAttemptAuditor;
import health.ward.patient.crypto.CiphertextRejectedException;
import health.ward.patient.crypto.KeyServiceUnavailableException;
import health.ward.patient.service.AccessDeniedException;
import health.ward.patient.service.PatientNotFoundException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Every error leaves as RFC 9457 problem+json with Ward's own wording: no class names, no exception
 * messages (they may quote input), no stack traces. Logs carry exception types and ids only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** The log category alerting pipelines match on for tampering: ids only. */
    private static final Logger INTEGRITY_ALERT = Logger.getLogger("ward.alert.integrity");

    private final RejectedAttemptAuditor rejected;
    private final health.ward.patient.metrics.WardMetrics metrics;

    ProblemMappers(RejectedAttemptAuditor rejected, health.ward.patient.metrics.WardMetrics metrics) {
        this.rejected = rejected;
        this.metrics = metrics;
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                "A valid bearer token is required.", uri.getPath()))
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Uni<Response> forbidden(ForbiddenException e, UriInfo uri, SimpleResourceInfo resource) {
        return audited(resource, uri, AuditOutcome.DENIED,
                Problem.response(Response.Status.FORBIDDEN, "Your role does not allow this operation.", uri.getPath()));
    }

    @ServerExceptionMapper(ConstraintViolationException.class)
    public Uni<Response> invalid(ConstraintViolationException e, UriInfo uri, SimpleResourceInfo resource) {
        return audited(resource, uri, AuditOutcome.INVALID,
                Problem.response(Response.Status.BAD_REQUEST, "Invalid request: " + fields(e) + ".", uri.getPath()));
    }

    @ServerExceptionMapper(InvalidRequestException.class)
    public Uni<Response> invalidRequest(InvalidRequestException e, UriInfo uri, SimpleResourceInfo resource) {
        return audited(resource, uri, AuditOutcome.INVALID,
                Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), uri.getPath()));
    }

    /** Malformed JSON or unknown fields: Jackson's message quotes the input, so it is never returned. */
    @ServerExceptionMapper({ com.fasterxml.jackson.core.JsonProcessingException.class,
            com.fasterxml.jackson.core.JsonParseException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
            com.fasterxml.jackson.databind.exc.InvalidFormatException.class })
    public Uni<Response> unreadableBody(com.fasterxml.jackson.core.JsonProcessingException e, UriInfo uri,
            SimpleResourceInfo resource) {
        return audited(resource, uri, AuditOutcome.INVALID, Problem.response(Response.Status.BAD_REQUEST,
                "The body is not valid JSON for this operation (malformed, wrong types or unknown fields).", uri.getPath()));
    }

    /** Property paths only: the invalid values themselves may be PHI. */
    private static String fields(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(v -> v.getPropertyPath().toString().replaceFirst("^[^.]+\\.[^.]+\\.?", ""))
                .map(p -> p.isEmpty() ? "body" : p)
                .sorted().distinct()
                .reduce((a, b) -> a + ", " + b).orElse("body");
    }

    /** The rejection is answered only once its audit event is committed; otherwise 503 (fail closed). */
    private Uni<Response> audited(SimpleResourceInfo resource, UriInfo uri, AuditOutcome outcome, Response answer) {
        return rejected.record(audited(resource), uri.getPathParameters().getFirst("id"), outcome)
                .replaceWith(answer)
                .onFailure().recoverWithItem(failure -> unavailable(failure, uri));
    }

    @ServerExceptionMapper(AccessDeniedException.class)
    public Response denied(AccessDeniedException e, UriInfo uri) {
        return Problem.response(Response.Status.FORBIDDEN, "You may not access this record.", uri.getPath());
    }

    /** The one uniqueness rule clients can break: an account already linked to another record. */
    @ServerExceptionMapper(org.hibernate.exception.ConstraintViolationException.class)
    public Response conflict(org.hibernate.exception.ConstraintViolationException e, UriInfo uri) {
        if ("patient_account_bidx_unique".equals(e.getConstraintName())) {
            return Problem.response(Response.Status.CONFLICT,
                    "accountUsername is already linked to another patient record.", uri.getPath());
        }
        if ("erasure_request_one_pending_idx".equals(e.getConstraintName())) {
            return Problem.response(Response.Status.CONFLICT,
                    "An erasure request for this record is already pending a decision.", uri.getPath());
        }
        return unavailable(e, uri);
    }

    @ServerExceptionMapper(health.ward.patient.service.SubjectRightsConflictException.class)
    public Response subjectRightsConflict(health.ward.patient.service.SubjectRightsConflictException e, UriInfo uri) {
        return Problem.response(e.problemType(), Response.Status.CONFLICT, e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper(health.ward.patient.service.ErasureRequestNotFoundException.class)
    public Response erasureRequestNotFound(RuntimeException e, UriInfo uri) {
        return Problem.response(Response.Status.NOT_FOUND, "No such erasure request.", uri.getPath());
    }

    /** A restored backup or stale row of an erased subject: the data is gone for good. */
    @ServerExceptionMapper(health.ward.patient.crypto.SubjectErasedException.class)
    public Response erased(RuntimeException e, UriInfo uri) {
        LOG.warnf("read of an erased subject's rows on %s (restored backup or stale row?)", uri.getPath());
        return Problem.response(Response.Status.GONE,
                "This record was erased; its key material is destroyed and it cannot be read.", uri.getPath());
    }

    @ServerExceptionMapper(health.ward.patient.service.RecordRestrictedException.class)
    public Response restricted(RuntimeException e, UriInfo uri) {
        return Problem.response(Response.Status.FORBIDDEN,
                "Processing of this record is restricted (GDPR Art. 18): only the DPO, or break-glass in an emergency.",
                uri.getPath());
    }

    @ServerExceptionMapper(health.ward.patient.service.SubjectNotLinkedException.class)
    public Response notLinked(RuntimeException e, UriInfo uri) {
        return Problem.response(Response.Status.NOT_FOUND, "No patient record is linked to your account.", uri.getPath());
    }

    @ServerExceptionMapper(PatientNotFoundException.class)
    public Response notFound(PatientNotFoundException e, UriInfo uri) {
        return Problem.response(Response.Status.NOT_FOUND, "No such patient.", uri.getPath());
    }

    @ServerExceptionMapper({ KeyServiceUnavailableException.class, PersistenceException.class })
    public Response unavailable(Throwable e, UriInfo uri) {
        LOG.errorf("dependency unavailable on %s: %s", uri.getPath(), e.getClass().getSimpleName());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                "A required service (key service, database or audit trail) is unavailable; nothing was returned or changed.",
                uri.getPath());
    }

    /**
     * OIDC discovery failed at request time: patient-api started while Keycloak was down and Keycloak is
     * still unreachable. The token may be fine, so not 401 (which would send clients to log in again,
     * at the same unreachable IdP) but 503, like any other dependency outage.
     */
    @ServerExceptionMapper(io.quarkus.oidc.OIDCException.class)
    public Response identityProviderUnavailable(io.quarkus.oidc.OIDCException e, UriInfo uri) {
        LOG.errorf("identity provider unavailable on %s: %s", uri.getPath(), e.getClass().getSimpleName());
        return Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                "The identity provider cannot be reached to verify the token; nothing was returned or changed.",
                uri.getPath());
    }

    /**
     * Stored data changed outside Ward: a ciphertext that fails its tag (moved, or an older version), or
     * authorization data that fails its MAC (organization, restriction, account link, break-glass grant).
     * Nothing is served; the attempt is audited (outcome ERROR, in a transaction of its own: the
     * request's rolled back) and alerts: a log line on {@code ward.alert.integrity} with ids only and
     * {@code ward_integrity_failures_total}. 500, not 4xx: the caller did nothing wrong.
     */
    @ServerExceptionMapper({ CiphertextRejectedException.class, health.ward.patient.service.RecordIntegrityException.class })
    public Uni<Response> tampered(RuntimeException e, UriInfo uri, SimpleResourceInfo resource) {
        java.util.UUID patientId = null;
        String kind = "ciphertext";
        if (e instanceof health.ward.patient.service.RecordIntegrityException integrity) {
            patientId = integrity.patientId();
            kind = integrity.kind();
        } else {
            patientId = RejectedAttemptAuditor.parse(uri.getPathParameters().getFirst("id"));
            if (patientId == null && e instanceof CiphertextRejectedException rejectedField) {
                patientId = rejectedField.patientId(); // e.g. on /me, where the request names no record
            }
        }
        metrics.integrityFailure(kind);
        INTEGRITY_ALERT.errorf("integrity failure on %s: %s", uri.getPath(), e.getMessage());
        Response answer = Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "The stored record failed its integrity check and was not returned.", uri.getPath());
        return rejected.record(audited(resource), patientId, AuditOutcome.ERROR)
                .replaceWith(answer)
                .onFailure().recoverWithItem(answer); // the answer stays 500 and empty either way
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.BAD_REQUEST;
        }
        String detail = e instanceof NotFoundException ? "No such resource." : status.getReasonPhrase() + ".";
        return Problem.response(status, detail, uri.getPath());
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf("unexpected %s on %s", e.getClass().getName(), uri.getPath());
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "Unexpected error.", uri.getPath());
    }

    private static Audited audited(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return null;
        }
        try {
            return resource.getResourceClass()
                    .getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(Audited.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
