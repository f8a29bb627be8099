package health.ward.kit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.ward.kit.catalogue.ClauseRef;
import health.ward.kit.catalogue.Control;
import health.ward.kit.check.Finding;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An OSCAL 1.1.2 assessment-results document, for GRC tools that import audit evidence: one
 * result for the audit, one observation per ward-kit finding, and one OSCAL finding per checked
 * control (satisfied or not-satisfied) that links its observations. Controls without a checker
 * or without applicable input are listed as reviewed but get no finding, since nothing was
 * assessed. UUIDs are name-based (v5) over the content so the same audit gives the same document.
 */
public final class OscalReport {

    static final String OSCAL_VERSION = "1.1.2";
    static final String WARD_NS = "https://ward.health/ns/oscal";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final UUID NAMESPACE = UUID.fromString("6f1f3c55-2f0e-5d47-9c1e-3f9d7f4a7b21");

    private OscalReport() {
    }

    public static void write(AuditReport report, ReportContext context, PrintWriter out) {
        String timestamp = context.auditedAt().toString();
        String auditKey = timestamp + "|" + report.findings().size() + "|" + report.waived().size() + "|" + report.controls().size();
        ObjectNode root = JSON.objectNode();
        ObjectNode result = result(root, auditKey, context, "Ward compliance audit by ward-kit", "ward-kit audit",
                "Automated audit of Kubernetes manifests against the Ward control catalogue ("
                        + report.findings().size() + " findings).",
                report.controls().stream().map(ControlResult::id).toList());

        ArrayNode observations = JSON.arrayNode();
        ArrayNode findings = JSON.arrayNode();
        for (ControlResult control : report.controls()) {
            if (!control.status().isChecked()) {
                continue;
            }
            List<String> observationIds = new ArrayList<>();
            for (Finding f : report.findings()) {
                if (f.controlId().equals(control.id())) {
                    observationIds.add(observation(observations, auditKey, timestamp, f, null));
                }
            }
            // Waived findings are observed all the same; the remarks carry the waiver.
            List<String> notes = new ArrayList<>();
            for (WaivedFinding w : report.waived()) {
                if (w.finding().controlId().equals(control.id())) {
                    observationIds.add(observation(observations, auditKey, timestamp, w.finding(), w.waiver().note()));
                    notes.add(w.waiver().label() + " " + w.waiver().note());
                }
            }
            ObjectNode finding = finding(findings, auditKey, context.catalogue().control(control.id()).orElseThrow(),
                    control.mappings(), control.status() == ControlStatus.PASS, observationIds);
            if (!notes.isEmpty()) {
                // A waiver accepts a risk; it does not satisfy the objective, so the state stays not-satisfied.
                finding.put("remarks", (control.status() == ControlStatus.WAIVED ? "Every finding is waived (risk accepted). "
                        : control.findings() + " finding(s) not waived. ") + String.join(" ", notes));
            }
        }
        finish(result, observations, findings);
        JsonReport.print(root, out);
    }

    /** Adds the observation of one ward-kit finding and returns its UUID; {@code waiver} becomes its remarks. */
    private static String observation(ArrayNode observations, String auditKey, String timestamp, Finding f, String waiver) {
        String id = uuid("observation|" + auditKey + "|" + f).toString();
        ObjectNode observation = observations.addObject();
        observation.put("uuid", id);
        observation.put("title", f.controlId() + " " + f.kind() + "/" + f.namespace() + "/" + f.name());
        observation.put("description", f.message());
        observation.putArray("methods").add("TEST");
        observation.putArray("types").add("finding");
        ArrayNode props = observation.putArray("props");
        prop(props, "file", f.file());
        prop(props, "field-path", f.path());
        if (waiver != null) {
            prop(props, "waived", "true");
        }
        observation.put("collected", timestamp);
        if (waiver != null) {
            observation.put("remarks", "Waived: " + waiver);
        }
        return id;
    }

    /**
     * Fills {@code root} with an assessment-results document (metadata, import-ap) around a single
     * result over {@code controlIds}, and returns that result. {@code key} makes the UUIDs.
     */
    static ObjectNode result(ObjectNode root, String key, ReportContext context, String documentTitle, String resultTitle,
            String description, List<String> controlIds) {
        String timestamp = context.auditedAt().toString();
        ObjectNode results = root.putObject("assessment-results");
        results.put("uuid", uuid("assessment-results|" + key).toString());
        ObjectNode metadata = results.putObject("metadata");
        metadata.put("title", documentTitle);
        metadata.put("last-modified", timestamp);
        metadata.put("version", context.toolVersion());
        metadata.put("oscal-version", OSCAL_VERSION);
        results.putObject("import-ap").put("href", "https://ward.health/compliance-kit/catalogue");

        ObjectNode result = results.putArray("results").addObject();
        result.put("uuid", uuid("result|" + key).toString());
        result.put("title", resultTitle);
        result.put("description", description);
        result.put("start", timestamp);
        result.put("end", timestamp);
        ArrayNode included = result.putObject("reviewed-controls").putArray("control-selections").addObject()
                .putArray("include-controls");
        controlIds.forEach(id -> included.addObject().put("control-id", id));
        return result;
    }

    /**
     * Adds the finding for one control: its objective satisfied or not, its severity and clauses as
     * props, and links to its observations. Returns it for format-specific additions.
     */
    static ObjectNode finding(ArrayNode findings, String key, Control control, Map<String, List<ClauseRef>> mappings,
            boolean satisfied, List<String> observationIds) {
        ObjectNode finding = findings.addObject();
        finding.put("uuid", uuid("finding|" + key + "|" + control.id()).toString());
        finding.put("title", control.id() + " " + control.title());
        finding.put("description", control.description().strip());
        ObjectNode target = finding.putObject("target");
        target.put("type", "objective-id");
        target.put("target-id", control.id());
        target.putObject("status").put("state", satisfied ? "satisfied" : "not-satisfied");
        ArrayNode props = finding.putArray("props");
        prop(props, "severity", control.severity());
        mappings.forEach((framework, clauses) -> clauses.forEach(c -> prop(props, framework, c.clause())));
        if (!observationIds.isEmpty()) {
            ArrayNode related = finding.putArray("related-observations");
            observationIds.forEach(id -> related.addObject().put("observation-uuid", id));
        }
        return finding;
    }

    /** OSCAL allows no empty arrays: observations and findings are set only when there are any. */
    static void finish(ObjectNode result, ArrayNode observations, ArrayNode findings) {
        if (!observations.isEmpty()) {
            result.set("observations", observations);
        }
        if (!findings.isEmpty()) {
            result.set("findings", findings);
        }
    }

    static void prop(ArrayNode props, String name, String value) {
        props.addObject().put("name", name).put("ns", WARD_NS).put("value", value);
    }

    /** RFC 4122 name-based UUID, version 5 (SHA-1), which OSCAL's uuid pattern accepts. */
    static UUID uuid(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits()).array());
            byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
            hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
            ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-1", e);
        }
    }
}
