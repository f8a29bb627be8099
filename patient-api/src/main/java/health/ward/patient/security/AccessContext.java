package health.ward.patient.security;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.http.HttpServerRequest;

/**
 * The circumstances of one request that the audit trail records: purpose of use, source address,
 * request id, trace id. Values come from headers but are checked, so a client cannot write free text
 * into the audit trail through them (a trace id is 32 hex digits by construction of the W3C parser).
 */
@RequestScoped
public class AccessContext {

    public static final String PURPOSE_HEADER = "X-Purpose-Of-Use";
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String BREAK_GLASS_REASON_HEADER = "X-Break-Glass-Reason";
    public static final String EMERGENCY = "ETREAT";
    /** A reason someone could act on later: a sentence, not "x" or "emergency". */
    static final java.util.regex.Pattern REASON = java.util.regex.Pattern.compile("[\\p{L}\\p{N}\\p{P}\\p{Zs}]{20,500}");
    /** HL7 v3 PurposeOfUse codes Ward accepts; TREAT is the default. */
    static final Set<String> PURPOSES = Set.of("TREAT", "ETREAT", "HPAYMT", "HOPERAT", "PATRQT", "HRESCH", "COMPL");
    private static final java.util.regex.Pattern REQUEST_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private String purposeOfUse;
    private final String sourceAddress;
    private final String requestId;
    private final String breakGlassReason;
    private final String traceId;

    AccessContext(HttpServerRequest request) {
        String purpose = request.getHeader(PURPOSE_HEADER);
        this.purposeOfUse = purpose != null && PURPOSES.contains(purpose) ? purpose : "TREAT";
        this.sourceAddress = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        this.breakGlassReason = request.getHeader(BREAK_GLASS_REASON_HEADER);
        String id = request.getHeader(REQUEST_ID_HEADER);
        this.requestId = id != null && REQUEST_ID.matcher(id).matches() ? id : UUID.randomUUID().toString();
        SpanContext span = Span.current().getSpanContext();
        this.traceId = span.isValid() ? span.getTraceId() : null;
    }

    public String purposeOfUse() {
        return purposeOfUse;
    }

    /** The caller declared emergency treatment (X-Purpose-Of-Use: ETREAT). */
    public boolean breakGlassRequested() {
        return EMERGENCY.equals(purposeOfUse);
    }

    /** The declared reason, if it is a usable sentence; empty otherwise. */
    public java.util.Optional<String> breakGlassReason() {
        return breakGlassReason != null && REASON.matcher(breakGlassReason.strip()).matches()
                ? java.util.Optional.of(breakGlassReason.strip())
                : java.util.Optional.empty();
    }

    /** Access continues under an earlier break-glass grant: audit it as emergency treatment. */
    public void underBreakGlass() {
        this.purposeOfUse = EMERGENCY;
    }

    public String sourceAddress() {
        return sourceAddress;
    }

    public String requestId() {
        return requestId;
    }

    /** The W3C trace id (32 hex digits) of the request's server span, so an audit row joins its trace. */
    public String traceId() {
        return traceId;
    }
}
