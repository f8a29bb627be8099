package health.ward.patient.tracing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import health.ward.testing.PatientFixtures;
import health.ward.testing.WardServersResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Traces carry no PHI, and every audit row names the trace of the request that wrote it. Spans are
 * read from an in-memory exporter: exactly what an OTLP exporter would be handed.
 */
@QuarkusTest
@WithTestResource(WardServersResource.class)
@TestSecurity(user = "clin.ada", roles = "clinician")
@OidcSecurity(claims = @Claim(key = "organization", value = "north"))
@Tag("WARD-AUD-001")
class PhiFreeTracesTest {

    @Inject
    InMemorySpanExporter spans;

    @Inject
    PhiFreeSpans pipeline;

    /** Spans are exported in batches: flush what earlier tests left in the queue, then forget it. */
    @BeforeEach
    void forgetEarlierSpans() {
        pipeline.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        spans.reset();
    }

    @Test
    void noPhiWrittenReadOrSearchedForReachesAnySpan() {
        String marker = "otel" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String id = PatientFixtures.createPatient(marker);
        given().contentType("application/json").body(PatientFixtures.body(marker + "r"))
                .when().put("/api/v1/patients/" + id).then().statusCode(200);
        given().contentType("application/json").body("""
                {"code":"8867-4","display":"Display %1$s","value":"Value %1$s","unit":"u%1$s","effective":"2026-01-02T10:15:30Z"}
                """.formatted(marker))
                .when().post("/api/v1/patients/" + id + "/observations").then().statusCode(201);
        given().contentType("application/json").body("{\"text\":\"Note %s\"}".formatted(marker))
                .when().post("/api/v1/patients/" + id + "/notes").then().statusCode(201);
        given().when().get("/api/v1/patients/" + id).then().statusCode(200);
        given().when().get("/api/v1/patients/" + id + "/observations").then().statusCode(200);
        given().when().get("/api/v1/patients/" + id + "/notes").then().statusCode(200);
        given().queryParam("identifier", "MRN-" + marker + "r")
                .when().get("/api/v1/patients").then().statusCode(200);
        given().queryParam("family", "Family" + marker + "r").queryParam("birthDate", "1980-02-29")
                .when().get("/api/v1/patients").then().statusCode(200);
        // Error paths too: an unparsable birth date and a search the API refuses.
        given().queryParam("family", "Family" + marker).queryParam("birthDate", "not-a-date-" + marker)
                .when().get("/api/v1/patients").then().statusCode(both(greaterThanOrEqualTo(400)).and(lessThan(500)));
        given().queryParam("family", "Family" + marker)
                .when().get("/api/v1/patients").then().statusCode(400);

        // A server span ends after its response is written, so the client can be ahead of the exporter.
        awaitSpans(s -> s.getKind() == SpanKind.SERVER, 11);
        Predicate<SpanData> search = s -> s.getKind() == SpanKind.SERVER
                && "/api/v1/patients".equals(s.getAttributes().get(HttpAttributes.HTTP_ROUTE))
                && "GET".equals(s.getAttributes().get(HttpAttributes.HTTP_REQUEST_METHOD));
        List<SpanData> finished = awaitSpans(search, 4);
        List<SpanData> searches = finished.stream().filter(search).toList();
        // Not vacuous: the searches were traced with their query, redacted, and the unparsable birth date
        // left an exception event (whose stack trace would quote it), reduced to its type.
        assertThat(searches).hasSize(4)
                .allSatisfy(s -> assertThat(s.getAttributes().get(UrlAttributes.URL_QUERY)).isEqualTo(PhiFreeSpans.REDACTED));
        assertThat(searches).flatMap(SpanData::getEvents)
                .anySatisfy(e -> assertThat(e.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE)).isNotBlank());

        String needle = marker.toLowerCase(Locale.ROOT);
        for (SpanData span : finished) {
            assertThat(everythingIn(span).toLowerCase(Locale.ROOT)).as("span %s", span.getName()).doesNotContain(needle);
        }
    }

    @Test
    void theAuditEventOfAReadCarriesTheTraceIdOfItsServerSpan() throws SQLException {
        String id = PatientFixtures.createPatient("trace" + UUID.randomUUID().toString().substring(0, 8));
        forgetEarlierSpans();
        given().when().get("/api/v1/patients/" + id).then().statusCode(200);

        String traceId = auditTraceIdOfRead(id);
        assertThat(traceId).matches("[0-9a-f]{32}");
        // Spans are exported in batches, so a read span of an earlier test may still arrive after the
        // reset: the one this test wants is the GET /patients/{id} server span of the audited trace.
        Predicate<SpanData> thisRead = s -> s.getKind() == SpanKind.SERVER
                && "/api/v1/patients/{id}".equals(s.getAttributes().get(HttpAttributes.HTTP_ROUTE))
                && "GET".equals(s.getAttributes().get(HttpAttributes.HTTP_REQUEST_METHOD))
                && traceId.equals(s.getTraceId());
        assertThat(awaitSpans(thisRead, 1).stream().filter(thisRead)).as("the audited read's server span").hasSize(1);
    }

    /** Name, attributes, events, links and status: everything an exporter would send about a span. */
    private static String everythingIn(SpanData span) {
        StringBuilder text = new StringBuilder(span.getName()).append('\n');
        span.getAttributes().forEach((k, v) -> text.append(k.getKey()).append('=').append(v).append('\n'));
        span.getEvents().forEach(e -> {
            text.append(e.getName()).append('\n');
            e.getAttributes().forEach((k, v) -> text.append(k.getKey()).append('=').append(v).append('\n'));
        });
        span.getLinks().forEach(l -> l.getAttributes().forEach((k, v) -> text.append(k.getKey()).append('=').append(v).append('\n')));
        return text.append(span.getStatus().getDescription()).toString();
    }

    /** Every finished span, once at least {@code atLeast} of them match {@code which} (10 s at most). */
    private List<SpanData> awaitSpans(Predicate<SpanData> which, int atLeast) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            List<SpanData> finished = new ArrayList<>(spans.getFinishedSpanItems());
            if (finished.stream().filter(which).count() >= atLeast) {
                return finished;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + atLeast + " matching spans, got: "
                        + finished.stream().map(SpanData::getName).collect(Collectors.joining(", ")));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static String auditTraceIdOfRead(String patientId) throws SQLException {
        try (Connection db = WardServersResource.database.superuserConnection("ward");
                PreparedStatement query = db.prepareStatement(
                        "SELECT trace_id FROM ward.audit_event WHERE patient_id = ?::uuid AND action = 'READ'")) {
            query.setString(1, patientId);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a READ audit event for the patient").isTrue();
                String traceId = rows.getString(1);
                assertThat(rows.next()).as("exactly one READ audit event").isFalse();
                return traceId;
            }
        }
    }
}
