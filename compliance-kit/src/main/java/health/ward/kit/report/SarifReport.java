package health.ward.kit.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.ward.kit.catalogue.ClauseRef;
import health.ward.kit.catalogue.Control;
import health.ward.kit.check.Finding;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per reported control (with its clauses as tags
 * and its remediation as help), one result per finding, pointing at the line of the field to fix
 * (from SnakeYAML's node marks, see {@link SourceLines}) and naming the object and field as a
 * logical location. An object helm rendered carries its template ({@code # Source:}): with
 * {@code --chart DIR} the result points at DIR's template file, otherwise the template is a
 * related location. partialFingerprints (control, object, field; no line) let code scanning
 * follow a result across commits; automationDetails names the run's category.
 */
public final class SarifReport {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    /** Code scanning's category for these results: everything before the last slash. */
    static final String AUTOMATION_ID = "ward-kit/audit/";
    static final String FINGERPRINT = "wardFinding/v1";
    /** How AuditCommand labels the objects of {@code --chart DIR}: "DIR (rendered)". */
    public static final String RENDERED = " (rendered)";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SarifReport() {
    }

    public static void write(AuditReport report, ReportContext context, PrintWriter out) {
        ObjectNode root = JSON.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ward-kit");
        driver.put("version", context.toolVersion());
        driver.put("informationUri", "https://ward.health/compliance-kit");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new HashMap<>();
        for (ControlResult result : report.controls()) {
            Control control = context.catalogue().control(result.id()).orElseThrow();
            ruleIndex.put(result.id(), rules.size());
            ObjectNode rule = rules.addObject();
            rule.put("id", control.id());
            rule.put("name", control.id().replace("-", ""));
            rule.putObject("shortDescription").put("text", control.title());
            rule.putObject("fullDescription").put("text", control.description().strip());
            rule.putObject("help").put("text", control.remediation().strip());
            rule.putObject("defaultConfiguration").put("level", level(control.severity()));
            ObjectNode properties = rule.putObject("properties");
            ArrayNode tags = properties.putArray("tags");
            tags.add("compliance");
            result.mappings().forEach((framework, clauses) -> clauses.forEach(c -> tags.add(framework + " " + c.clause())));
            properties.put("security-severity", securitySeverity(control.severity()));
            properties.put("status", result.status().name());
        }
        run.putObject("automationDetails").put("id", AUTOMATION_ID);
        ArrayNode results = run.putArray("results");
        SourceLines lines = new SourceLines();
        for (Finding finding : report.findings()) {
            result(results, finding, report, ruleIndex, lines);
        }
        // A waived finding stays a result, suppressed: code scanning shows it as dismissed, with the reason.
        for (WaivedFinding waived : report.waived()) {
            ObjectNode result = result(results, waived.finding(), report, ruleIndex, lines);
            ObjectNode suppression = result.putArray("suppressions").addObject();
            suppression.put("kind", "external");
            suppression.put("status", "accepted");
            suppression.put("justification", waived.waiver().reason());
            ObjectNode properties = suppression.putObject("properties");
            properties.put("owner", waived.waiver().owner());
            properties.put("expires", waived.waiver().expires());
            properties.put("waiver", waived.waiver().label());
        }
        JsonReport.print(root, out);
    }

    private static ObjectNode result(ArrayNode results, Finding finding, AuditReport report, Map<String, Integer> ruleIndex,
            SourceLines lines) {
        ControlResult control = report.controls().stream().filter(c -> c.id().equals(finding.controlId())).findFirst()
                .orElseThrow();
        ObjectNode result = results.addObject();
        result.put("ruleId", finding.controlId());
        result.put("ruleIndex", ruleIndex.get(finding.controlId()));
        result.put("level", level(control.severity()));
        result.putObject("message").put("text", finding.message());
        ObjectNode location = result.putArray("locations").addObject();
        String template = finding.origin().template();
        int line = lines.line(finding);
        if (template != null && finding.file().endsWith(RENDERED)) {
            // ward-kit rendered the chart itself: the template is a file of the chart directory it was given.
            String chart = finding.file().substring(0, finding.file().length() - RENDERED.length());
            location.putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", uri(chart + "/" + template.substring(template.indexOf('/') + 1)));
        } else {
            ObjectNode physical = location.putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(finding.file()));
            if (line > 0) {
                physical.putObject("region").put("startLine", line);
            }
            if (template != null) {
                ObjectNode related = result.putArray("relatedLocations").addObject();
                related.put("id", 1);
                related.putObject("physicalLocation").putObject("artifactLocation").put("uri", template);
                related.putObject("message").put("text", "the chart template this object was rendered from");
            }
        }
        result.putObject("partialFingerprints").put(FINGERPRINT, fingerprint(finding));
        ObjectNode logical = location.putArray("logicalLocations").addObject();
        logical.put("fullyQualifiedName", finding.kind() + "/" + finding.namespace() + "/" + finding.name() + ":"
                + finding.path());
        logical.put("kind", "object");
        ObjectNode properties = result.putObject("properties");
        properties.put("kind", finding.kind());
        properties.put("namespace", finding.namespace());
        properties.put("name", finding.name());
        properties.put("path", finding.path());
        if (template != null) {
            properties.put("template", template);
        }
        properties.set("clauses", clauses(control.mappings()));
        return result;
    }

    private static JsonNode clauses(Map<String, List<ClauseRef>> mappings) {
        ArrayNode array = JSON.arrayNode();
        mappings.forEach((framework, clauses) -> clauses.forEach(c ->
                array.addObject().put("framework", framework).put("clause", c.clause()).put("title", c.title())));
        return array;
    }

    /** Stable across commits and line moves: the control, the object and the field, hashed. */
    static String fingerprint(Finding finding) {
        String key = String.join("|", finding.controlId(), finding.kind(), finding.namespace(), finding.name(), finding.path());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    // Relative paths stay relative (SARIF resolves them against the checkout); stdin has no file.
    private static String uri(String file) {
        return file.startsWith("<") ? "stdin" : file.replace('\\', '/');
    }

    static String level(String severity) {
        return switch (severity) {
            case "critical", "high" -> "error";
            case "medium" -> "warning";
            default -> "note";
        };
    }

    // GitHub code scanning reads this property to rank security results (0.1-10).
    private static String securitySeverity(String severity) {
        return switch (severity) {
            case "critical" -> "9.5";
            case "high" -> "8.0";
            case "medium" -> "5.5";
            default -> "3.0";
        };
    }
}
