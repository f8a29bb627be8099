package health.ward.kit.report;

import health.ward.kit.check.Finding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML for CI test dashboards: one testcase per control (classname = its area, so CI groups
 * POL, NET, ... together); a failed control lists its findings, a control that was not checked
 * or not applicable is skipped with the reason. Built with the JDK's DOM so it is always
 * well-formed, whatever characters a message contains.
 */
public final class JunitReport {

    private JunitReport() {
    }

    public static void write(AuditReport report, ReportContext context, PrintWriter out) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            List<ControlResult> controls = report.controls();
            long failures = controls.stream().filter(c -> c.status() == ControlStatus.FAIL).count();
            long skipped = controls.stream().filter(c -> !c.status().isChecked()).count();
            Element suites = doc.createElement("testsuites");
            suites.setAttribute("name", "ward-kit " + context.toolVersion());
            suites.setAttribute("tests", Integer.toString(controls.size()));
            suites.setAttribute("failures", Long.toString(failures));
            suites.setAttribute("skipped", Long.toString(skipped));
            doc.appendChild(suites);
            Element suite = doc.createElement("testsuite");
            suite.setAttribute("name", "ward-kit audit");
            suite.setAttribute("tests", Integer.toString(controls.size()));
            suite.setAttribute("failures", Long.toString(failures));
            suite.setAttribute("errors", "0");
            suite.setAttribute("skipped", Long.toString(skipped));
            suite.setAttribute("timestamp", context.auditedAt().toString());
            suites.appendChild(suite);
            for (ControlResult control : controls) {
                suite.appendChild(testcase(doc, control, report.findings(), report.waived()));
            }
            Transformer transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter xml = new StringWriter();
            transformer.transform(new DOMSource(doc), new StreamResult(xml));
            out.println(xml);
            out.flush();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML support is misconfigured", e);
        }
    }

    private static Element testcase(Document doc, ControlResult control, List<Finding> findings, List<WaivedFinding> waived) {
        Element testcase = doc.createElement("testcase");
        String area = control.id().split("-")[1];
        testcase.setAttribute("classname", "ward." + area.toLowerCase(Locale.ROOT));
        testcase.setAttribute("name", control.id() + " " + control.title());
        testcase.setAttribute("time", "0");
        String clauses = TextReport.clauses(control.mappings());
        switch (control.status()) {
            case FAIL -> {
                Element failure = doc.createElement("failure");
                failure.setAttribute("type", control.id());
                failure.setAttribute("message", control.findings() + (control.findings() == 1 ? " finding" : " findings")
                        + " (" + control.severity() + "); " + clauses);
                failure.setTextContent(findings.stream().filter(f -> f.controlId().equals(control.id()))
                        .map(JunitReport::line)
                        .collect(Collectors.joining("\n")));
                testcase.appendChild(failure);
                if (control.waived() > 0) {
                    Element out = doc.createElement("system-out");
                    out.setTextContent(waivedLines(control, waived));
                    testcase.appendChild(out);
                }
            }
            // Waived is not passed: a skip that says so, with every waiver's reason, owner and expiry.
            case WAIVED -> {
                Element skipped = doc.createElement("skipped");
                skipped.setAttribute("message", "WAIVED: " + control.waived() + (control.waived() == 1 ? " finding" : " findings")
                        + " waived (" + control.severity() + "); " + clauses);
                skipped.setTextContent(waivedLines(control, waived));
                testcase.appendChild(skipped);
            }
            case NOT_CHECKED, NOT_APPLICABLE -> {
                Element skipped = doc.createElement("skipped");
                skipped.setAttribute("message", control.status().name());
                testcase.appendChild(skipped);
            }
            case PASS -> {
                Element properties = doc.createElement("system-out");
                properties.setTextContent("PASS; " + clauses);
                testcase.appendChild(properties);
            }
        }
        return testcase;
    }

    private static String line(Finding f) {
        return f.file() + " " + f.kind() + "/" + f.namespace() + "/" + f.name() + " " + f.path() + ": " + f.message();
    }

    private static String waivedLines(ControlResult control, List<WaivedFinding> waived) {
        return waived.stream().filter(w -> w.finding().controlId().equals(control.id()))
                .map(w -> "WAIVED " + line(w.finding()) + " [" + w.waiver().note() + "]")
                .collect(Collectors.joining("\n"));
    }
}
