package health.ward.kit.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import health.ward.kit.evidence.ControlEvidence;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.EvidenceResult;
import health.ward.kit.evidence.Proof;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The evidence as an OSCAL 1.1.2 assessment-results document, like {@link OscalReport}: one
 * observation (method TEST) per executed proof, shared by every control it proves, and one
 * finding per control. Only a PROVEN control's objective is {@code satisfied}; a FAILED one is
 * {@code not-satisfied} (reason fail), and NOT_RUN and UNPROVEN are {@code not-satisfied} (reason
 * other) with the remark "no executed proof", since OSCAL's objective status knows no third state.
 * The ward:result prop carries the result itself.
 */
public final class EvidenceOscalReport {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EvidenceOscalReport() {
    }

    public static void write(EvidenceReport report, ReportContext context, PrintWriter out) {
        String timestamp = context.auditedAt().toString();
        String key = "evidence|" + timestamp + "|" + report.testCases() + "|" + EvidenceTextReport.summary(report);
        ObjectNode root = JSON.objectNode();
        ObjectNode result = OscalReport.result(root, key, context, "Ward compliance evidence by ward-kit",
                "ward-kit evidence", "Executed tests and audits that prove each control of the Ward catalogue, by tier ("
                        + EvidenceTextReport.summary(report) + "; " + EvidenceTextReport.inputs(report) + ").",
                report.controls().stream().map(ControlEvidence::id).toList());

        ArrayNode observations = JSON.arrayNode();
        ArrayNode findings = JSON.arrayNode();
        Set<String> observed = new HashSet<>();
        for (ControlEvidence control : report.controls()) {
            List<String> observationIds = new ArrayList<>();
            for (Proof proof : control.proofs()) {
                if (!proof.executed()) {
                    continue;
                }
                String id = OscalReport.uuid("observation|" + key + "|" + proof.test()).toString();
                observationIds.add(id);
                if (observed.add(id)) {
                    observation(observations.addObject(), id, proof, timestamp);
                }
            }
            ObjectNode finding = OscalReport.finding(findings, key, context.catalogue().control(control.id()).orElseThrow(),
                    control.mappings(), control.result() == EvidenceResult.PROVEN, observationIds);
            ObjectNode status = (ObjectNode) finding.path("target").path("status");
            switch (control.result()) {
                case PROVEN -> status.put("reason", "pass");
                case FAILED -> status.put("reason", "fail");
                case NOT_RUN, UNPROVEN -> status.put("reason", "other").put("remarks", "no executed proof");
            }
            ArrayNode props = (ArrayNode) finding.path("props");
            OscalReport.prop(props, "result", control.result().name());
            if (control.tier() != null) {
                OscalReport.prop(props, "tier", Integer.toString(control.tier().level()));
                OscalReport.prop(props, "tier-label", control.tier().label());
            }
        }
        OscalReport.finish(result, observations, findings);
        JsonReport.print(root, out);
    }

    private static void observation(ObjectNode observation, String id, Proof proof, String timestamp) {
        observation.put("uuid", id);
        observation.put("title", proof.test());
        observation.put("description", proof.status() + " at tier " + proof.tier().describe() + ": " + proof.test()
                + " (" + proof.source() + ")");
        observation.putArray("methods").add("TEST");
        ArrayNode props = observation.putArray("props");
        OscalReport.prop(props, "result", proof.status().name());
        OscalReport.prop(props, "tier", Integer.toString(proof.tier().level()));
        OscalReport.prop(props, "tier-label", proof.tier().label());
        OscalReport.prop(props, "source", proof.source());
        observation.put("collected", timestamp);
    }
}
