package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.Checks;
import health.ward.kit.check.InputException;
import health.ward.kit.check.Resource;
import health.ward.kit.check.ResourceReader;
import health.ward.kit.report.AuditReport;
import health.ward.kit.report.JsonReport;
import health.ward.kit.report.TextReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "<files|dirs|->",
            description = "YAML files, directories (searched recursively) or - for stdin.")
    List<String> inputs;

    @Option(names = "--format", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path output;

    @Option(names = "--framework", paramLabel = "ID",
            description = "Only controls mapped to this framework: hipaa, gdpr, pci-dss or popia.")
    String framework;

    @Option(names = "--namespace", defaultValue = "default",
            description = "Namespace of objects that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    private final InputStream stdin;

    AuditCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws InputException {
        Catalogue catalogue = Catalogue.load();
        if (framework != null && catalogue.framework(framework).isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unknown framework '" + framework + "'; known: "
                    + String.join(", ", catalogue.frameworks().stream().map(f -> f.id()).toList()));
        }
        List<Resource> resources = new ResourceReader(namespace, stdin).read(inputs);
        AuditReport report = AuditReport.run(catalogue, Checks.byControlId(), resources, Optional.ofNullable(framework));
        if (output == null) {
            write(report, spec.commandLine().getOut());
        } else {
            try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
                write(report, file);
            } catch (IOException e) {
                throw new InputException("cannot write " + output + ": " + e.getMessage(), e);
            }
        }
        return report.hasFindings() ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private void write(AuditReport report, PrintWriter out) {
        if (format == Format.json) {
            JsonReport.write(report, out);
        } else {
            TextReport.write(report, out);
        }
    }
}
