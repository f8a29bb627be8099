package health.ward.kit.report;

import health.ward.kit.catalogue.ClauseRef;
import health.ward.kit.check.Finding;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable report: findings, then one line per control, then one per framework. */
public final class TextReport {

    private TextReport() {
    }

    public static void write(AuditReport report, PrintWriter out) {
        for (Finding f : report.findings()) {
            out.printf(Locale.ROOT, "%s %s %s/%s/%s: %s%n", f.controlId(), f.file(), f.kind(), f.namespace(), f.name(),
                    f.message());
        }
        for (WaivedFinding w : report.waived()) {
            Finding f = w.finding();
            out.printf(Locale.ROOT, "WAIVED %s %s %s/%s/%s: %s [%s]%n", f.controlId(), f.file(), f.kind(), f.namespace(),
                    f.name(), f.message(), w.waiver().note());
        }
        if (report.hasFindings() || !report.waived().isEmpty()) {
            out.println();
        }
        out.println("Controls:");
        for (ControlResult c : report.controls()) {
            String count = c.status() == ControlStatus.FAIL ? " (" + c.findings() + (c.findings() == 1 ? " finding" : " findings")
                    + (c.waived() > 0 ? ", " + c.waived() + " waived)" : ")")
                    : c.status() == ControlStatus.WAIVED ? " (" + c.waived() + " waived)" : "";
            out.printf(Locale.ROOT, "  %-13s %-14s %s%s%n", c.id(), c.status(), c.title(), count);
        }
        out.println("Frameworks (share of checked controls that pass or are waived):");
        for (FrameworkScore s : report.frameworks()) {
            String percent = s.percent() == null ? "n/a" : String.format(Locale.ROOT, "%.1f%%", s.percent());
            out.printf(Locale.ROOT, "  %-8s %6s (%d/%d%s)  %s%n", s.id(), percent, s.passed() + s.waived(), s.checked(),
                    s.waived() > 0 ? ", " + s.waived() + " waived" : "", s.name());
        }
        out.printf(Locale.ROOT, "%d finding%s%s%n", report.findings().size(), report.findings().size() == 1 ? "" : "s",
                report.waived().isEmpty() ? "" : ", " + report.waived().size() + " waived");
        out.flush();
    }

    /** A control's clauses on one line, "gdpr Art. 32; hipaa 164.312(a)(2)(iv)", frameworks in the map's order. */
    static String clauses(Map<String, List<ClauseRef>> mappings) {
        return mappings.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().stream().map(ClauseRef::clause).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
