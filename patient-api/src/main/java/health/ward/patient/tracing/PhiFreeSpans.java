package health.ward.patient.tracing;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.UrlAttributes;
import io.quarkus.opentelemetry.runtime.config.runtime.BatchSpanProcessorConfig;
import io.quarkus.opentelemetry.runtime.config.runtime.OTelRuntimeConfig;

/**
 * The only way out for spans: every finished span is scrubbed of anything that can carry PHI, then
 * batched to every {@link SpanExporter} bean (Ward's OTLP exporter, {@link TraceExport}; in tests an
 * in-memory one). Quarkus' own export pipeline is off ({@code quarkus.otel.traces.exporter=none}), so no
 * exporter ever receives an unscrubbed span.
 *
 * <p>What can carry PHI, and what happens to it:
 * <ul>
 * <li>{@code url.query}: search takes family name, birth date and identifier as query parameters.
 * Replaced by {@value #REDACTED}. A query in {@code url.full}, {@code http.url} likewise.</li>
 * <li>{@code url.path}, {@code http.target}: the path a client sent (junk in an id segment is the
 * client's text). Replaced by the route template ({@code /api/v1/patients/{id}}) or dropped.</li>
 * <li>Exception events: Quarkus REST records every exception a request raised, mapped or not, with its
 * message and stack trace; a "Caused by" line quotes input (an unparsable birth date, an invalid id).
 * Only {@code exception.type} is kept.</li>
 * <li>Status descriptions (exception messages): dropped; the status code stays.</li>
 * </ul>
 * Span names are route templates; bodies are never recorded; JDBC spans are off (application.properties).
 */
@Singleton
public class PhiFreeSpans implements SpanProcessor {

    public static final String REDACTED = "[redacted]";

    private static final AttributeKey<String> HTTP_TARGET = AttributeKey.stringKey("http.target");
    private static final AttributeKey<String> HTTP_URL = AttributeKey.stringKey("http.url");

    /** Null when no exporter is configured: a finished span is then neither queued nor scrubbed. */
    private final SpanProcessor batch;

    PhiFreeSpans(@Any Instance<SpanExporter> exporters, OTelRuntimeConfig otel) {
        List<SpanExporter> targets = exporters.stream().filter(e -> e != TraceExport.NOWHERE).toList();
        if (targets.isEmpty()) {
            this.batch = null;
            return;
        }
        BatchSpanProcessorConfig bsp = otel.bsp();
        this.batch = BatchSpanProcessor.builder(new Scrubbing(SpanExporter.composite(targets)))
                .setScheduleDelay(bsp.scheduleDelay())
                .setMaxQueueSize(bsp.maxQueueSize())
                .setMaxExportBatchSize(bsp.maxExportBatchSize())
                .setExporterTimeout(bsp.exportTimeout())
                .build();
    }

    /** What an exporter is handed instead of {@code span}. */
    public static SpanData scrub(SpanData span) {
        return new DelegatingSpanData(span) {
            private final Attributes attributes = scrubAttributes(span.getAttributes());
            private final List<EventData> events = span.getEvents().stream().map(PhiFreeSpans::scrubEvent).toList();

            @Override
            public Attributes getAttributes() {
                return attributes;
            }

            @Override
            public int getTotalAttributeCount() {
                return attributes.size();
            }

            @Override
            public List<EventData> getEvents() {
                return events;
            }

            @Override
            public StatusData getStatus() {
                return StatusData.create(span.getStatus().getStatusCode(), "");
            }
        };
    }

    private static Attributes scrubAttributes(Attributes original) {
        AttributesBuilder scrubbed = original.toBuilder();
        if (original.get(UrlAttributes.URL_QUERY) != null) {
            scrubbed.put(UrlAttributes.URL_QUERY, REDACTED);
        }
        withoutQuery(original, scrubbed, UrlAttributes.URL_FULL);
        withoutQuery(original, scrubbed, HTTP_URL);
        String route = original.get(HttpAttributes.HTTP_ROUTE);
        for (AttributeKey<String> path : List.of(UrlAttributes.URL_PATH, HTTP_TARGET)) {
            if (original.get(path) != null) {
                if (route != null) {
                    scrubbed.put(path, route);
                } else {
                    scrubbed.remove(path);
                }
            }
        }
        return scrubbed.build();
    }

    private static void withoutQuery(Attributes original, AttributesBuilder scrubbed, AttributeKey<String> key) {
        String value = original.get(key);
        int query = value == null ? -1 : value.indexOf('?');
        if (query >= 0) {
            scrubbed.put(key, value.substring(0, query) + "?" + REDACTED);
        }
    }

    /** Events keep their name; of their attributes only the exception's type (a class name). */
    private static EventData scrubEvent(EventData event) {
        String type = event.getAttributes().get(ExceptionAttributes.EXCEPTION_TYPE);
        Attributes kept = type == null ? Attributes.empty() : Attributes.of(ExceptionAttributes.EXCEPTION_TYPE, type);
        return EventData.create(event.getEpochNanos(), event.getName(), kept);
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        if (batch != null) {
            batch.onEnd(span);
        }
    }

    @Override
    public boolean isEndRequired() {
        return batch != null;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return batch == null ? CompletableResultCode.ofSuccess() : batch.forceFlush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return batch == null ? CompletableResultCode.ofSuccess() : batch.shutdown();
    }

    /** Hands exporters scrubbed copies only. */
    private static final class Scrubbing implements SpanExporter {

        private final SpanExporter delegate;

        Scrubbing(SpanExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return delegate.export(spans.stream().map(PhiFreeSpans::scrub).toList());
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
