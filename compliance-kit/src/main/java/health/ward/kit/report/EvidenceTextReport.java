package health.ward.kit.report;

import health.ward.kit.evidence.ControlEvidence;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.EvidenceResult;
import health.ward.kit.evidence.Proof;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The evidence for people: per control its result, tier, proofs and clauses, then a "Summary:"
 * section (one line per control and the counts) that `make evidence` prints.
 */
public final class EvidenceTextReport {

    private EvidenceTextReport() {
    }

    public static void write(EvidenceReport report, ReportContext context, PrintWriter out) {
        out.printf(Locale.ROOT, "Ward evidence: ward-kit %s, %s; %s%n", context.toolVersion(), context.auditedAt(),
                inputs(report));
        for (ControlEvidence c : report.controls()) {
            out.println();
            out.printf(Locale.ROOT, "%s  %s  %s%n", c.id(), c.result(), c.title());
            out.println("  tier: " + tier(c));
            for (Proof p : c.proofs()) {
                out.printf(Locale.ROOT, "    %-8s %-15s %s (%s)%n", p.status(), p.tier().brief(), p.shortName(), p.via());
            }
            switch (c.result()) {
                case FAILED -> out.println("  failing: " + c.failing().stream().map(Proof::shortName).collect(Collectors.joining(", ")));
                case NOT_RUN -> out.println("  no proof was executed in this run");
                case UNPROVEN -> out.println("  no proof" + (c.planned() == null ? "; nothing planned in the catalogue"
                        : "; planned: " + c.planned().replaceAll("\\s+", " ")));
                case PROVEN -> {
                }
            }
            out.println("  clauses: " + TextReport.clauses(c.mappings()));
        }
        out.println();
        out.println("Summary:");
        for (ControlEvidence c : report.controls()) {
            out.printf(Locale.ROOT, "  %-13s %-8s %s%n", c.id(), c.result(), c.tier() == null ? "-" : "tier " + tier(c));
        }
        out.println(summary(report));
        out.flush();
    }

    /** "36 controls: 12 PROVEN, 1 FAILED, 3 NOT_RUN, 20 UNPROVEN". */
    static String summary(EvidenceReport report) {
        return report.controls().size() + " controls: " + report.counts().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    static String inputs(EvidenceReport report) {
        return report.reportFiles() + " JUnit report" + (report.reportFiles() == 1 ? "" : "s") + " (" + report.testCases()
                + " test cases)" + (report.audits().isEmpty() ? ", no chart audit" : ", chart audit "
                        + String.join(", ", report.audits()));
    }

    static String tier(ControlEvidence c) {
        if (c.tier() == null) {
            return "-";
        }
        return c.tier().describe() + (c.result() == EvidenceResult.NOT_RUN ? " (written, not run)" : "");
    }
}
