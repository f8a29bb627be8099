package health.ward.kit.cli;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.InputException;
import health.ward.kit.report.ReportContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/** Where the commands that write reports write them, and the context every report carries. */
final class ReportOutput {

    private ReportOutput() {
    }

    /** Writes to {@code output}, or to the command's stdout when it is null. */
    static void write(CommandSpec spec, Path output, Consumer<PrintWriter> report) throws InputException {
        if (output == null) {
            report.accept(spec.commandLine().getOut());
            return;
        }
        try (PrintWriter file = new PrintWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8))) {
            report.accept(file);
        } catch (IOException e) {
            throw new InputException("cannot write " + output + ": " + e.getMessage(), e);
        }
    }

    static ReportContext context(Catalogue catalogue) {
        return new ReportContext(catalogue, new VersionProvider().getVersion()[0].replaceFirst("^ward-kit ", ""), reportTime());
    }

    // SOURCE_DATE_EPOCH (reproducible-builds.org) pins the time so reports are byte-identical.
    private static Instant reportTime() {
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("\\d+")) {
            return Instant.ofEpochSecond(Long.parseLong(epoch));
        }
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
