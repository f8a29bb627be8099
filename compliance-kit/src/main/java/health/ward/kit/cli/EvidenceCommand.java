package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.InputException;
import health.ward.kit.evidence.ChartAudit;
import health.ward.kit.evidence.EvidenceReport;
import health.ward.kit.evidence.EvidenceResult;
import health.ward.kit.evidence.JunitResults;
import health.ward.kit.evidence.PolicyEngines;
import health.ward.kit.evidence.TestSources;
import health.ward.kit.report.EvidenceHtmlReport;
import health.ward.kit.report.EvidenceJsonReport;
import health.ward.kit.report.EvidenceOscalReport;
import health.ward.kit.report.EvidenceTextReport;
import health.ward.kit.report.ReportContext;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = {"Reports, per control, the executed tests that prove it, the tier they ran at, the result and "
                + "the control's clauses; exits 3 when a proof failed.",
                "Tests are tied to controls by their @Tag(\"WARD-...\") in <module>/src/test/java, by a control ID in "
                + "brackets opening a parameterised invocation's name and by the catalogue's enforcement.e2e class; "
                + "policy-engine cases (tier 1) by the catalogue's enforcement.gatekeeper. Results come from JUnit XML."})
public final class EvidenceCommand implements Callable<Integer> {

    enum Format { text, json, html, oscal }

    @Spec
    CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "Repository root: test sources and default reports are found here (default: ${DEFAULT-VALUE}).")
    Path repo;

    @Option(names = "--reports", paramLabel = "DIR",
            description = "Directory searched for TEST-*.xml (repeatable). Default: <module>/target/surefire-reports "
                    + "and <module>/target/failsafe-reports of every module under --repo.")
    List<Path> reports = new ArrayList<>();

    @Option(names = "--policy-reports", paramLabel = "DIR",
            description = "Directory searched for the policy engines' TEST-*.xml, as make test-policies writes them "
                    + "(repeatable; tier 1). Default: " + PolicyEngines.REPORT_DIR + " under --repo, when present.")
    List<Path> policyReports = new ArrayList<>();

    @Option(names = "--audit", paramLabel = "FILE",
            description = "Output of `ward-kit audit --format json` on a rendering of the chart (repeatable): a PASS "
                    + "proves the control at tier 2, a FAIL is a failed proof.")
    List<Path> audits = new ArrayList<>();

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--fail-on-unproven", description = "Exit 3 also when a control is UNPROVEN or NOT_RUN.")
    boolean failOnUnproven;

    @Override
    public Integer call() throws InputException {
        if (!Files.isDirectory(repo)) {
            throw new InputException(repo + ": not a directory (--repo)");
        }
        List<Path> files = JunitResults.find(repo, reports);
        if (files.isEmpty()) {
            throw new InputException("no JUnit reports (TEST-*.xml) in " + (reports.isEmpty()
                    ? repo + "/*/target/{surefire,failsafe}-reports" : reports) + "; run make test first");
        }
        Catalogue catalogue = Catalogue.load();
        List<ChartAudit> chartAudits = new ArrayList<>();
        for (Path audit : audits) {
            chartAudits.add(ChartAudit.read(audit));
        }
        List<Path> engineFiles = JunitResults.find(policyReports.isEmpty()
                ? List.of(repo.resolve(PolicyEngines.REPORT_DIR)) : policyReports, !policyReports.isEmpty());
        EvidenceReport report = EvidenceReport.build(catalogue, TestSources.scan(repo), JunitResults.read(files),
                JunitResults.read(engineFiles), chartAudits);
        for (String warning : report.warnings()) {
            spec.commandLine().getErr().println("ward-kit: warning: " + warning);
        }
        spec.commandLine().getErr().flush();
        ReportContext context = ReportOutput.context(catalogue);
        ReportOutput.write(spec, output, out -> write(report, context, out));
        boolean unproven = report.has(EvidenceResult.UNPROVEN) || report.has(EvidenceResult.NOT_RUN);
        return report.failed() || (failOnUnproven && unproven) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private void write(EvidenceReport report, ReportContext context, PrintWriter out) {
        switch (format) {
            case text -> EvidenceTextReport.write(report, context, out);
            case json -> EvidenceJsonReport.write(report, context, out);
            case html -> EvidenceHtmlReport.write(report, context, out);
            case oscal -> EvidenceOscalReport.write(report, context, out);
        }
    }
}
