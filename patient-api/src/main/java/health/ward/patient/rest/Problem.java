package health.ward.patient.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** RFC 9457 problem details. {@code detail} is always Ward's own text, never an exception message. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final MediaType MEDIA_TYPE = new MediaType("application", "problem+json");

    public static Response response(Response.Status status, String detail, String instance) {
        return response("about:blank", status, detail, instance);
    }

    public static Response response(String type, Response.Status status, String detail, String instance) {
        Problem problem = new Problem(type, status.getReasonPhrase(), status.getStatusCode(), detail, instance);
        return Response.status(status).type(MEDIA_TYPE).entity(problem).build();
    }
}
