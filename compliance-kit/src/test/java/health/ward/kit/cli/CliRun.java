package health.ward.kit.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs ward-kit in-process exactly as main() would, capturing what it prints. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        return withStdin("", args);
    }

    public static CliRun withStdin(String stdin, String... args) {
        return run(stdin, System.getenv(), args);
    }

    public static CliRun withEnv(Map<String, String> env, String... args) {
        return run("", env, args);
    }

    private static CliRun run(String stdin, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WardKit.commandLine(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), env);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
