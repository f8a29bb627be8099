package health.ward.kit.cli;

import health.ward.kit.check.InputException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "ward-kit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Audits Kubernetes manifests against the Ward control catalogue and reports the evidence for each control.",
        subcommands = {AuditCommand.class, ControlsCommand.class, ExplainCommand.class, EvidenceCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no findings", "1:error (unreadable or invalid input)", "2:usage error",
                "3:findings (evidence: a failed proof)"})
public final class WardKit implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.in, System.getenv()).execute(args));
    }

    public static CommandLine commandLine(InputStream stdin) {
        return commandLine(stdin, System.getenv());
    }

    /** The configured command line; tests call this with their own stdin, environment and output writers. */
    public static CommandLine commandLine(InputStream stdin, Map<String, String> env) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == AuditCommand.class ? type.cast(new AuditCommand(stdin, env)) : defaults.create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new WardKit(), factory);
        commandLine.setExecutionExceptionHandler(WardKit::handleError);
        return commandLine;
    }

    // Errors are the user's to fix (a bad file), so they get one line, not a stack trace.
    private static int handleError(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e instanceof InputException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        commandLine.getErr().println("ward-kit: " + message);
        commandLine.getErr().flush();
        return ExitCodes.ERROR;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
