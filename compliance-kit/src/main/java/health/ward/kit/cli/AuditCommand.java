package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.Checks;
import health.ward.kit.check.InputException;
import health.ward.kit.check.Resource;
import health.ward.kit.check.ResourceReader;
import health.ward.kit.report.AuditReport;
import health.ward.kit.report.HtmlReport;
import health.ward.kit.report.JsonReport;
import health.ward.kit.report.JunitReport;
import health.ward.kit.report.OscalReport;
import health.ward.kit.report.ReportContext;
import health.ward.kit.report.SarifReport;
import health.ward.kit.report.TextReport;
import health.ward.kit.waiver.Waivers;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Checks manifests against every control that has a checker; exits 3 when anything fails.")
public final class AuditCommand implements Callable<Integer> {

    enum Format { text, json, sarif, junit, html, oscal }

    static final int PROGRESS_THRESHOLD = 5_000;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "<files|dirs|->",
            description = "YAML files, directories (searched recursively) or - for stdin.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--chart", paramLabel = "DIR", description = "Also audit this Helm chart as rendered by helm template.")
    Path chart;

    @Option(names = "--values", paramLabel = "FILE", description = "Values file for --chart (repeatable, applied in order).")
    List<Path> values = new ArrayList<>();

    @Option(names = "--cluster", description = "Also audit the live cluster of the kubeconfig (read-only list calls).")
    boolean cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "Kubeconfig for --cluster (default: $KUBECONFIG, then ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--release", defaultValue = "ward", description = "Release name for --chart (default: ${DEFAULT-VALUE}).")
    String release;

    // Keep in step with KUBERNETES_VERSION in tools/versions.mk: the version the chart is validated for.
    @Option(names = "--kube-version", defaultValue = "1.33.0",
            description = "Kubernetes version helm renders --chart for (default: ${DEFAULT-VALUE}).")
    String kubeVersion;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--framework", paramLabel = "ID",
            description = "Only controls mapped to this framework: hipaa, gdpr, pci-dss or popia.")
    String framework;

    @Option(names = "--fail-under", paramLabel = "PCT",
            description = "Exit 3 only when a reported framework scores below PCT percent (0-100), instead of on any finding.")
    Double failUnder;

    @Option(names = "--waivers", paramLabel = "FILE",
            description = "Exceptions file (control, resource, reason, owner, expires): covered findings are reported as waived;"
                    + " an expired waiver or one that matches nothing exits 1.")
    Path waiversFile;

    @Option(names = "--max-file-mib", paramLabel = "MIB", defaultValue = "" + ResourceReader.DEFAULT_MAX_FILE_MIB,
            description = "Refuse input files larger than this many MiB (default: ${DEFAULT-VALUE}).")
    int maxFileMib;

    @Option(names = "--namespace", defaultValue = "default",
            description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    private final InputStream stdin;
    private final Map<String, String> env;

    AuditCommand(InputStream stdin, Map<String, String> env) {
        this.stdin = stdin;
        this.env = env;
    }

    @Override
    public Integer call() throws InputException {
        Catalogue catalogue = Catalogue.load();
        if (failUnder != null && (failUnder < 0 || failUnder > 100)) {
            throw new ParameterException(spec.commandLine(), "--fail-under must be between 0 and 100, not " + failUnder);
        }
        if (framework != null && catalogue.framework(framework).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unknown framework '" + framework + "'; known: "
                    + String.join(", ", catalogue.frameworks().stream().map(f -> f.id()).toList()));
        }
        if (inputs.isEmpty() && chart == null && !cluster) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: '<files|dirs|->' (or --chart, --cluster)");
        }
        if (kubeconfig != null && !cluster) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig needs --cluster");
        }
        if (!values.isEmpty() && chart == null) {
            throw new ParameterException(spec.commandLine(), "--values needs --chart");
        }
        Waivers waivers = waiversFile == null ? Waivers.NONE : Waivers.read(waiversFile, catalogue);
        ReportContext context = ReportOutput.context(catalogue);
        LocalDate today = LocalDate.ofInstant(context.auditedAt(), ZoneOffset.UTC);
        if (maxFileMib < 1 || maxFileMib > 1024) {
            throw new ParameterException(spec.commandLine(), "--max-file-mib must be between 1 and 1024, not " + maxFileMib);
        }
        ResourceReader reader = new ResourceReader(namespace, stdin, maxFileMib);
        List<Resource> resources = new ArrayList<>(reader.readAll(inputs));
        if (chart != null) {
            String rendered = new HelmRenderer(env).render(chart, values, release, namespace, kubeVersion);
            resources.addAll(reader.readText(chart + SarifReport.RENDERED, rendered));
        }
        if (cluster) {
            resources.addAll(new ClusterReader(env).read(kubeconfig));
        }
        // Long runs say what they are doing on stderr, so stdout stays the report alone.
        boolean progress = format == Format.text && resources.size() >= PROGRESS_THRESHOLD;
        long started = System.nanoTime();
        if (progress) {
            spec.commandLine().getErr().printf(Locale.ROOT, "ward-kit: checking %d objects against %d checkers...%n",
                    resources.size(), Checks.all().size());
            spec.commandLine().getErr().flush();
        }
        AuditReport report = AuditReport.run(catalogue, Checks.byControlId(), resources, Optional.ofNullable(framework),
                waivers, today);
        if (progress) {
            spec.commandLine().getErr().printf(Locale.ROOT, "ward-kit: checked in %.1f s%n", (System.nanoTime() - started) / 1e9);
            spec.commandLine().getErr().flush();
        }
        ReportOutput.write(spec, output, out -> write(report, context, out));
        // Unusable inputs are reported after the audit of everything else, and decide the exit code:
        // a clean report over a partial input must not read as a pass.
        for (ResourceReader.InputError error : reader.errors()) {
            spec.commandLine().getErr().println("ward-kit: " + error);
        }
        List<String> waiverProblems = waiverProblems(waivers, report, today);
        waiverProblems.forEach(problem -> spec.commandLine().getErr().println("ward-kit: --waivers " + waivers.file() + ": " + problem));
        spec.commandLine().getErr().flush();
        if (!reader.errors().isEmpty() || !waiverProblems.isEmpty()) {
            return ExitCodes.ERROR;
        }
        return passes(report) ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /**
     * Waivers are debts with a due date: an expired one no longer applies and fails the run until it is
     * renewed or removed, and one that matches nothing (of the controls reported) is stale and fails too.
     */
    private static List<String> waiverProblems(Waivers waivers, AuditReport report, LocalDate today) {
        List<String> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        report.controls().forEach(c -> reported.add(c.id()));
        Set<Integer> used = report.usedWaivers();
        for (Waivers.Waiver waiver : waivers.waivers()) {
            if (waiver.expiredOn(today)) {
                problems.add(waiver.label() + " expired on " + waiver.expires() + " (owner " + waiver.owner()
                        + "); its findings are reported as findings again: fix them, or renew the waiver with a new expiry");
            } else if (reported.contains(waiver.control()) && !used.contains(waiver.number())) {
                problems.add(waiver.label() + " matches no finding; remove it, or correct its control or resource");
            }
        }
        return problems;
    }

    private boolean passes(AuditReport report) {
        if (failUnder == null) {
            return !report.hasFindings();
        }
        // Frameworks with nothing checked have no score; they neither pass nor fail the threshold.
        return report.frameworks().stream().noneMatch(f -> f.percent() != null && f.percent() < failUnder);
    }

    private void write(AuditReport report, ReportContext context, PrintWriter out) {
        switch (format) {
            case json -> JsonReport.write(report, out);
            case sarif -> SarifReport.write(report, context, out);
            case junit -> JunitReport.write(report, context, out);
            case html -> HtmlReport.write(report, context, out);
            case oscal -> OscalReport.write(report, context, out);
            case text -> TextReport.write(report, out);
        }
    }
}
