package health.ward.patient.tracing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import health.ward.patient.config.WardConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Where finished spans go, once {@link PhiFreeSpans} has scrubbed them: to the OTLP/HTTP endpoint in
 * {@code ward.tracing.otlp-endpoint}, or nowhere when it is unset (the default), so `make run` and the
 * tests need no collector. Spans are made either way: trace ids propagate (W3C traceparent) and reach
 * the audit trail.
 *
 * <p>Why not Quarkus' own OTLP exporter: in Quarkus 3.34 it cannot be switched off at run time (an empty
 * endpoint falls back to localhost:4317, quarkusio/quarkus#44200), so a build without a collector logs
 * failed exports forever. Quarkus drops its own exporter as soon as a {@link SpanExporter} bean exists,
 * which this producer always provides; {@code quarkus.otel.exporter.otlp.*} therefore has no effect.
 */
@ApplicationScoped
public class TraceExport {

    /** The exporter when no endpoint is set: {@link PhiFreeSpans} then queues and scrubs nothing. */
    static final SpanExporter NOWHERE = SpanExporter.composite();

    @Produces
    @Singleton
    SpanExporter otlp(WardConfig config) {
        return config.tracing().otlpEndpoint()
                .<SpanExporter> map(endpoint -> OtlpHttpSpanExporter.builder().setEndpoint(endpoint).build())
                .orElse(NOWHERE);
    }
}
