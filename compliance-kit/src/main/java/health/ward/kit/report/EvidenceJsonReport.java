package health.ward.kit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.ward.kit.evidence.ControlEvidence;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.Proof;
import health.ward.kit.evidence.Tier;
import java.io.PrintWriter;

/** The evidence for machines: the same data as the text report, field order fixed. */
public final class EvidenceJsonReport {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EvidenceJsonReport() {
    }

    public static void write(EvidenceReport report, ReportContext context, PrintWriter out) {
        ObjectNode root = JSON.objectNode();
        root.put("toolVersion", context.toolVersion());
        root.put("generatedAt", context.auditedAt().toString());
        ObjectNode inputs = root.putObject("inputs");
        inputs.put("reportFiles", report.reportFiles());
        inputs.put("testCases", report.testCases());
        inputs.put("policyEngineReportFiles", report.engineReportFiles());
        inputs.put("policyEngineCases", report.engineCases());
        ArrayNode audits = inputs.putArray("chartAudits");
        report.audits().forEach(audits::add);
        ObjectNode counts = root.putObject("summary");
        report.counts().forEach((result, count) -> counts.put(result.name(), count));
        ArrayNode controls = root.putArray("controls");
        for (ControlEvidence c : report.controls()) {
            ObjectNode control = controls.addObject();
            control.put("id", c.id());
            control.put("title", c.title());
            control.put("severity", c.severity());
            control.put("result", c.result().name());
            control.set("tier", tier(c.tier()));
            ArrayNode proofs = control.putArray("proofs");
            for (Proof p : c.proofs()) {
                proofs.addObject().put("test", p.test()).put("status", p.status().name()).put("source", p.source())
                        .put("via", p.via()).set("tier", tier(p.tier()));
            }
            control.put("planned", c.planned());
            control.set("mappings", JSON.pojoNode(c.mappings()));
        }
        ArrayNode unattributed = root.putArray("unattributed");
        report.unattributed().forEach(u -> unattributed.addObject().put("test", u.test()).put("status", u.status().name())
                .put("source", u.source()).put("reason", u.reason()));
        ArrayNode warnings = root.putArray("warnings");
        report.warnings().forEach(warnings::add);
        JsonReport.print(root, out);
    }

    private static ObjectNode tier(Tier tier) {
        return tier == null ? null : JSON.objectNode().put("level", tier.level()).put("label", tier.label());
    }
}
