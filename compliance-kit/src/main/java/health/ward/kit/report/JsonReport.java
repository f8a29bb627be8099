package health.ward.kit.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** The machine-readable report: the same data as the text report, field order fixed. */
public final class JsonReport {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private JsonReport() {
    }

    public static void write(AuditReport report, PrintWriter out) {
        print(report, out);
    }

    /** Pretty-printed, keys of maps sorted: the shared JSON style of every JSON-based format. */
    static void print(Object value, PrintWriter out) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }
}
