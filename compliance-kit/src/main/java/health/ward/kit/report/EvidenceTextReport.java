package health.ward.kit.report;

import health.ward.kit.evidence.ControlEvidence;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.EvidenceResult;
import health.ward.kit.evidence.Proof;
import health.ward.kit.evidence.ProofStatus;
import health.ward.kit.evidence.Tier;
import health.ward.kit.evidence.Unattributed;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The evidence for people: per control its result, tier, proofs and clauses, the results that
 * claim a control but could not be tied to one, then a "Summary:" section (one line per control,
 * one for the unattributed results if any, and the counts) that `make evidence` prints.
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
        if (!report.unattributed().isEmpty()) {
            out.println();
            out.println("Not attributed to a control (they claim one; a failure here fails the run):");
            for (Unattributed u : report.unattributed()) {
                out.printf(Locale.ROOT, "    %-8s %s (%s)%n", u.status(), u.test(), u.reason());
            }
        }
        out.println();
        out.println("Summary:");
        for (ControlEvidence c : report.controls()) {
            out.printf(Locale.ROOT, "  %-13s %-8s %s%n", c.id(), c.result(), c.tier() == null ? "-" : "tier " + tier(c));
        }
        if (!report.unattributed().isEmpty()) {
            out.println("  " + unattributed(report));
        }
        out.println(onARealCluster(report));
        out.println(summary(report));
        out.flush();
    }

    /** "proven on a real cluster (a node ran pods: local cluster or kind): 2 controls, WARD-NET-001 WARD-NET-002". */
    static String onARealCluster(EvidenceReport report) {
        List<String> ids = report.controls().stream()
                .filter(c -> c.result() == EvidenceResult.PROVEN && c.proofs().stream().anyMatch(p -> p.status() == ProofStatus.PASSED
                        && (p.tier() == Tier.LOCAL_CLUSTER || p.tier() == Tier.KIND)))
                .map(ControlEvidence::id).toList();
        return "proven on a real cluster (a node ran pods: local cluster or kind): " + ids.size() + " control"
                + (ids.size() == 1 ? "" : "s") + (ids.isEmpty() ? "" : ", " + String.join(" ", ids));
    }

    /** "36 controls: 12 PROVEN, 1 FAILED, 3 NOT_RUN, 20 UNPROVEN". */
    static String summary(EvidenceReport report) {
        return report.controls().size() + " controls: " + report.counts().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "));
    }

    /** "not attributed to a control: 2 results, 1 FAILED". */
    static String unattributed(EvidenceReport report) {
        long failed = report.unattributed().stream().filter(u -> u.status() == ProofStatus.FAILED).count();
        return "not attributed to a control: " + report.unattributed().size() + " result"
                + (report.unattributed().size() == 1 ? "" : "s") + ", " + failed + " FAILED";
    }

    static String inputs(EvidenceReport report) {
        return report.reportFiles() + " JUnit report" + (report.reportFiles() == 1 ? "" : "s") + " (" + report.testCases()
                + " test cases), " + (report.engineReportFiles() == 0 ? "no policy-engine report"
                        : report.engineReportFiles() + " policy-engine report" + (report.engineReportFiles() == 1 ? "" : "s")
                                + " (" + report.engineCases() + " cases)")
                + (report.audits().isEmpty() ? ", no chart audit" : ", chart audit " + String.join(", ", report.audits()));
    }

    static String tier(ControlEvidence c) {
        if (c.tier() == null) {
            return "-";
        }
        return c.tier().describe() + (c.result() == EvidenceResult.NOT_RUN ? " (written, not run)" : "");
    }
}
