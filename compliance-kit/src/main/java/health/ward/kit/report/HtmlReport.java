package health.ward.kit.report;

import health.ward.kit.check.Finding;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A single self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched) that an
 * auditor can open from an e-mail: a bar chart of the score per framework, the controls table
 * and the findings with the field to fix. Written as well-formed XHTML so tests can parse it.
 */
public final class HtmlReport {

    private static final int BAR_WIDTH = 400;
    private static final int ROW_HEIGHT = 28;

    private HtmlReport() {
    }

    public static void write(AuditReport report, ReportContext context, PrintWriter out) {
        StringBuilder html = start("Ward compliance audit",
                ".PASS{color:#0a6b2d}.FAIL{color:#a4161a;font-weight:bold}.WAIVED{color:#8a5a00;font-weight:bold}.NOT_CHECKED,.NOT_APPLICABLE{color:#666}");
        html.append("<h1>Ward compliance audit</h1>\n<p>ward-kit ").append(escape(context.toolVersion()))
                .append(", ").append(escape(context.auditedAt().toString())).append(": ")
                .append(report.findings().size()).append(report.findings().size() == 1 ? " finding" : " findings")
                .append(report.waived().isEmpty() ? "" : ", " + report.waived().size() + " waived")
                .append(". Scores count only controls that were checked and applicable; a control whose every finding"
                        + " is waived counts as waived.</p>\n");
        chart(report, html);
        controls(report, html);
        findings(report, html);
        waived(report, html);
        html.append("</body>\n</html>\n");
        out.print(html);
        out.flush();
    }

    /** The document up to and including {@code <body>}: the shared look plus the report's own CSS rules. */
    static StringBuilder start(String title, String css) {
        return new StringBuilder()
                .append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
                .append("<meta charset=\"utf-8\"/>\n<title>").append(escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}")
                .append("table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}")
                .append(css).append("code{font-size:.9em}\n</style>\n</head>\n<body>\n");
    }

    private static void chart(AuditReport report, StringBuilder html) {
        int height = ROW_HEIGHT * report.frameworks().size() + 10;
        html.append("<h2>Score per framework</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"framework-chart\" width=\"")
                .append(BAR_WIDTH + 260).append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"score per framework\">\n");
        int y = 5;
        for (FrameworkScore score : report.frameworks()) {
            double percent = score.percent() == null ? 0 : score.percent();
            int width = (int) Math.round(BAR_WIDTH * percent / 100.0);
            String label = score.percent() == null ? "n/a" : String.format(Locale.ROOT, "%.1f%% (%d/%d%s)", percent,
                    score.passed() + score.waived(), score.checked(), score.waived() > 0 ? ", " + score.waived() + " waived" : "");
            html.append("<text x=\"0\" y=\"").append(y + 17).append("\">").append(escape(score.id())).append("</text>")
                    .append("<rect x=\"80\" y=\"").append(y).append("\" width=\"").append(BAR_WIDTH)
                    .append("\" height=\"22\" fill=\"#eee\"/>")
                    .append("<rect class=\"bar\" data-framework=\"").append(escape(score.id())).append("\" x=\"80\" y=\"").append(y)
                    .append("\" width=\"").append(width).append("\" height=\"22\" fill=\"")
                    .append(percent >= 100 ? "#2d8f4e" : percent >= 80 ? "#d9a400" : "#c0392b").append("\"/>")
                    .append("<text x=\"").append(BAR_WIDTH + 90).append("\" y=\"").append(y + 17).append("\">")
                    .append(escape(label)).append("</text>\n");
            y += ROW_HEIGHT;
        }
        html.append("</svg>\n");
    }

    private static void controls(AuditReport report, StringBuilder html) {
        html.append("<h2>Controls</h2>\n<table id=\"controls\">\n<tr><th>Control</th><th>Status</th><th>Severity</th><th>Title</th><th>Clauses</th></tr>\n");
        for (ControlResult c : report.controls()) {
            String clauses = TextReport.clauses(c.mappings());
            html.append("<tr><td>").append(escape(c.id())).append("</td><td class=\"").append(c.status()).append("\">")
                    .append(c.status()).append(c.status() == ControlStatus.FAIL ? " (" + c.findings() + ")" : "")
                    .append(c.waived() > 0 ? " (" + c.waived() + " waived)" : "")
                    .append("</td><td>").append(escape(c.severity())).append("</td><td>").append(escape(c.title()))
                    .append("</td><td>").append(escape(clauses)).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void findings(AuditReport report, StringBuilder html) {
        html.append("<h2>Findings</h2>\n");
        if (report.findings().isEmpty()) {
            html.append("<p>None.</p>\n");
            return;
        }
        html.append("<table id=\"findings\">\n<tr><th>Control</th><th>Object</th><th>Field to fix</th><th>Finding</th><th>File</th></tr>\n");
        for (Finding f : report.findings()) {
            html.append("<tr><td>").append(escape(f.controlId())).append("</td><td>")
                    .append(escape(f.kind() + "/" + f.namespace() + "/" + f.name())).append("</td><td><code>")
                    .append(escape(f.path())).append("</code></td><td>").append(escape(f.message())).append("</td><td>")
                    .append(escape(f.file())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void waived(AuditReport report, StringBuilder html) {
        if (report.waived().isEmpty()) {
            return;
        }
        html.append("<h2>Waived findings</h2>\n<table id=\"waived\">\n<tr><th>Control</th><th>Object</th><th>Field</th>"
                + "<th>Finding</th><th>Reason</th><th>Owner</th><th>Expires</th><th>File</th></tr>\n");
        for (WaivedFinding w : report.waived()) {
            Finding f = w.finding();
            html.append("<tr class=\"WAIVED\"><td>").append(escape(f.controlId())).append("</td><td>")
                    .append(escape(f.kind() + "/" + f.namespace() + "/" + f.name())).append("</td><td><code>")
                    .append(escape(f.path())).append("</code></td><td>").append(escape(f.message())).append("</td><td>")
                    .append(escape(w.waiver().reason())).append("</td><td>").append(escape(w.waiver().owner()))
                    .append("</td><td>").append(escape(w.waiver().expires())).append("</td><td>").append(escape(f.file()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
