package health.ward.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import health.ward.db.RecordsDatabases;
import health.ward.e2e.stack.LocalStack;
import health.ward.e2e.stack.Ports;
import health.ward.testing.RepoPaths;

/** The Markdown a soak or crash drill leaves behind: totals, the correctness verdict, and the per-window series. */
final class DrillReport {

    /** What every drill's result offers its {@code make} target. */
    interface Verdict {
        boolean passed();

        String markdown();
    }

    /** A drill run against a fresh local stack. */
    interface Drill {
        Verdict run(LocalStack stack) throws Exception;
    }

    private DrillReport() {
    }

    /**
     * The {@code make} target of a drill: a fresh local stack (embedded PostgreSQL, free ports), the
     * report in {@code target/run/<name>/<name>-report.md} and on stdout, exit 0 only if it passed.
     */
    static void runAndExit(String name, Drill drill) throws Exception {
        Path run = RepoPaths.runDirectory(name);
        Verdict verdict;
        try (LocalStack stack = LocalStack.start(Ports.free(), run, RecordsDatabases.Kind.EMBEDDED)) {
            verdict = drill.run(stack);
        }
        write(run.resolve(name + "-report.md"), verdict.markdown());
        System.out.println(verdict.markdown());
        System.out.println(verdict.passed() ? "make " + name + ": PASSED" : "make " + name + ": FAILED");
        System.exit(verdict.passed() ? 0 : 1);
    }

    static String render(String title, String command, Map<String, String> facts, MixedLoad.Report load,
            List<MixedLoad.Outcome> missing, long auditedNotDelivered, JsonNode verify, List<String> notes) {
        StringBuilder md = new StringBuilder("# " + title + "\n\n```sh\n" + command + "\n```\n\n");
        md.append("| | |\n|---|---|\n");
        facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        for (MixedLoad.Kind kind : MixedLoad.Kind.values()) {
            md.append("| 2xx ").append(kind.name().toLowerCase()).append(" | ").append(load.successes(kind)).append(" |\n");
        }
        md.append("| requests | ").append(load.outcomes().size()).append(" |\n");
        md.append("| errors (non-2xx or no answer) | ").append(load.errors()).append(" |\n");
        md.append("| 2xx with PHI but **no committed audit event** | ").append(missing.size()).append(" |\n");
        md.append("| audited SUCCESS but the client got no 2xx (allowed: access recorded, PHI not delivered) | ")
                .append(auditedNotDelivered).append(" |\n");
        md.append("| audit verify | ").append(verify).append(" |\n");
        notes.forEach(n -> md.append("\n").append(n).append("\n"));
        md.append("\nLatency is measured from each request's scheduled start (open model); RSS is patient-api's VmRSS.\n\n");
        md.append("| t (s) | requests | errors | p50 (ms) | p99 (ms) | max (ms) | RSS (MiB) |\n|---|---|---|---|---|---|---|\n");
        for (MixedLoad.Window w : load.windows()) {
            md.append(String.format("| %d | %d | %d | %.1f | %.1f | %.1f | %s |%n", w.secondsFromStart(), w.requests(),
                    w.errors(), w.p50Ms(), w.p99Ms(), w.maxMs(), w.rssKiB() < 0 ? "down" : String.format("%.0f", w.rssKiB() / 1024.0)));
        }
        if (!missing.isEmpty()) {
            md.append("\nRequest ids without an audit event (first 20):\n\n");
            missing.stream().limit(20).forEach(o -> md.append("- ").append(o.kind()).append(' ').append(o.requestId()).append('\n'));
        }
        return md.toString();
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
