package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.catalogue.Control;
import health.ward.kit.check.Checks;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "controls", mixinStandardHelpOptions = true,
        description = "Lists the catalogue: id, severity, whether ward-kit checks it, title.")
public final class ControlsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Set<String> checked = Checks.byControlId().keySet();
        PrintWriter out = spec.commandLine().getOut();
        for (Control control : Catalogue.load().controls()) {
            out.printf(Locale.ROOT, "%-13s %-9s %-12s %s%n", control.id(), control.severity(),
                    checked.contains(control.id()) ? "checked" : "not-checked", control.title());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
