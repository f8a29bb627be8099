package health.ward.kit.report;

import health.ward.kit.evidence.ControlEvidence;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.EvidenceResult;
import health.ward.kit.evidence.Proof;
import health.ward.kit.evidence.ProofStatus;
import health.ward.kit.evidence.Unattributed;
import java.io.PrintWriter;
import java.util.Map;

/**
 * The evidence as one self-contained XHTML file, like {@link HtmlReport}: counts per result, then
 * a row per control with its result, tier, the tests that prove it and its clauses. Only PROVEN
 * is green; FAILED, NOT_RUN and UNPROVEN are red, so a control without an executed proof can
 * never be read as a pass.
 */
public final class EvidenceHtmlReport {

    private static final String CSS = ".green{color:#0a6b2d}.red{color:#a4161a;font-weight:bold}.muted{color:#666}"
            + "ul{margin:0;padding-left:1rem}";

    private EvidenceHtmlReport() {
    }

    public static void write(EvidenceReport report, ReportContext context, PrintWriter out) {
        StringBuilder html = HtmlReport.start("Ward compliance evidence", CSS);
        html.append("<h1>Ward compliance evidence</h1>\n<p>ward-kit ").append(HtmlReport.escape(context.toolVersion()))
                .append(", ").append(HtmlReport.escape(context.auditedAt().toString())).append(": ")
                .append(HtmlReport.escape(EvidenceTextReport.inputs(report))).append(".</p>\n<p id=\"summary\">")
                .append(report.controls().size()).append(" controls:");
        for (Map.Entry<EvidenceResult, Integer> count : report.counts().entrySet()) {
            html.append(" <span class=\"").append(colour(count.getKey())).append("\" data-result=\"").append(count.getKey())
                    .append("\">").append(count.getValue()).append(' ').append(count.getKey()).append("</span>");
        }
        html.append("</p>\n<p>PROVEN: at least one proof executed and none failed, at the highest tier that executed. "
                + "FAILED: an executed proof failed. NOT_RUN: proofs are written but none executed here. "
                + "UNPROVEN: nothing proves the control.</p>\n")
                .append("<table id=\"evidence\">\n<tr><th>Control</th><th>Title</th><th>Result</th><th>Tier</th>")
                .append("<th>Tests</th><th>Clauses</th></tr>\n");
        for (ControlEvidence c : report.controls()) {
            html.append("<tr id=\"").append(HtmlReport.escape(c.id())).append("\"><td>").append(HtmlReport.escape(c.id()))
                    .append("</td><td>").append(HtmlReport.escape(c.title())).append("</td><td class=\"")
                    .append(colour(c.result())).append("\" data-result=\"").append(c.result()).append("\">").append(c.result())
                    .append("</td><td>").append(HtmlReport.escape(EvidenceTextReport.tier(c))).append("</td><td>");
            tests(c, html);
            html.append("</td><td>").append(HtmlReport.escape(TextReport.clauses(c.mappings()))).append("</td></tr>\n");
        }
        html.append("</table>\n");
        if (!report.unattributed().isEmpty()) {
            html.append("<h2>Not attributed to a control</h2>\n<p>")
                    .append(HtmlReport.escape(EvidenceTextReport.unattributed(report)))
                    .append(": they claim a control but cannot be tied to one; a failure here fails the run.</p>\n")
                    .append("<ul id=\"unattributed\">");
            for (Unattributed u : report.unattributed()) {
                html.append("<li class=\"").append(colour(u.status())).append("\" data-status=\"").append(u.status())
                        .append("\" title=\"").append(HtmlReport.escape(u.source())).append("\">").append(u.status())
                        .append(' ').append(HtmlReport.escape(u.test())).append(" (").append(HtmlReport.escape(u.reason()))
                        .append(")</li>");
            }
            html.append("</ul>\n");
        }
        html.append("</body>\n</html>\n");
        out.print(html);
        out.flush();
    }

    private static void tests(ControlEvidence c, StringBuilder html) {
        if (c.proofs().isEmpty()) {
            html.append(c.planned() == null ? "no proof; nothing planned" : "no proof; planned: " + HtmlReport.escape(c.planned()));
            return;
        }
        html.append("<ul>");
        for (Proof p : c.proofs()) {
            html.append("<li class=\"").append(colour(p.status())).append("\" data-status=\"").append(p.status())
                    .append("\" title=\"").append(HtmlReport.escape(p.test() + " in " + p.source() + ", tier "
                            + p.tier().describe() + "; " + p.via()))
                    .append("\">").append(p.status()).append(' ').append(HtmlReport.escape(p.shortName())).append(" (tier ")
                    .append(HtmlReport.escape(p.tier().brief())).append(")</li>");
        }
        html.append("</ul>");
    }

    static String colour(EvidenceResult result) {
        return result == EvidenceResult.PROVEN ? "green" : "red";
    }

    private static String colour(ProofStatus status) {
        return switch (status) {
            case PASSED -> "green";
            case FAILED -> "red";
            case SKIPPED, NOT_RUN -> "muted";
        };
    }
}
