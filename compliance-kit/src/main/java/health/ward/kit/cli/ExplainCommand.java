package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.catalogue.ClauseRef;
import health.ward.kit.catalogue.Control;
import health.ward.kit.catalogue.Enforcement;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Shows one control: what, why, how to fix, where it is enforced and what it maps to.")
public final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "A control id, e.g. WARD-POL-001.")
    String id;

    @Override
    public Integer call() {
        Catalogue catalogue = Catalogue.load();
        Control control = catalogue.control(id)
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown control '" + id
                        + "'; `ward-kit controls` lists them"));
        PrintWriter out = spec.commandLine().getOut();
        out.println(control.id() + ": " + control.title());
        out.println("Severity: " + control.severity());
        out.println("Targets: " + String.join(", ", control.targetKinds()));
        section(out, "Description", control.description());
        section(out, "Rationale", control.rationale());
        section(out, "Remediation", control.remediation());
        out.println();
        out.println("Enforcement:");
        Enforcement e = control.enforcement();
        line(out, "checker", e.checker());
        line(out, "gatekeeper", e.gatekeeper());
        line(out, "chart", e.chart());
        line(out, "platform", e.platform());
        line(out, "e2e", e.e2e());
        line(out, "planned", e.planned());
        out.println();
        out.println("Mappings:");
        for (Map.Entry<String, List<ClauseRef>> mapping : new TreeMap<>(control.mappings()).entrySet()) {
            for (ClauseRef clause : mapping.getValue()) {
                out.println("  " + mapping.getKey() + " " + clause.clause() + " " + clause.title());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void section(PrintWriter out, String heading, String text) {
        out.println();
        out.println(heading + ":");
        out.println("  " + text.strip());
    }

    private static void line(PrintWriter out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.println("  " + label + ": " + value.strip());
        }
    }
}
