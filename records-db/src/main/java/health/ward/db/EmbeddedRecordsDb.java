package health.ward.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (zonky's embedded binaries), bootstrapped exactly as a cluster would be:
 * Ward's roles and database from {@code roles.sql}, password authentication for every role but the
 * local superuser, listening on 127.0.0.1 only. Used by the tests and by {@code make run}; never by
 * the deployed service.
 */
public final class EmbeddedRecordsDb extends AbstractRecordsDatabase {

    private static final String HOST = "127.0.0.1";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    /** The server's command line while it is stopped by {@link #stopServer()}, else null. */
    private List<String> stoppedCommandLine;

    private EmbeddedRecordsDb(EmbeddedPostgres postgres, Path dataDirectory, String migratorPassword,
            String appPassword) {
        super(migratorPassword, appPassword);
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a fresh server in {@code dataDirectory} (emptied first) on {@code port} (0 picks a free
     * one) and creates Ward's roles and database.
     */
    public static EmbeddedRecordsDb start(Path dataDirectory, int port, String migratorPassword,
            String appPassword) {
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPort(port == 0 ? 0 : port)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                    .start();
            EmbeddedRecordsDb db = new EmbeddedRecordsDb(postgres, dataDirectory, migratorPassword, appPassword);
            ClusterBootstrap.run(db);
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not bootstrap Ward's roles and database", e);
        }
    }

    /** Only the local superuser is trusted, and only over loopback; Ward's roles must authenticate. */
    private static void writeHba(Path dataDir) {
        String hba = """
                # Written by EmbeddedRecordsDb: local test/demo server only.
                local   all  postgres                  trust
                host    all  postgres  127.0.0.1/32    trust
                host    all  all       127.0.0.1/32    scram-sha-256
                """;
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), hba);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    /** pg_hba trusts the superuser over loopback (see writeHba). */
    @Override
    String superuserPassword() {
        return "";
    }

    /**
     * Stops the server as an operator would ({@code pg_ctl stop -m fast}: open sessions are ended,
     * nothing committed is lost), keeping its data directory, port and roles, for outage drills.
     * {@link #startServer()} brings the same server back.
     */
    public synchronized void stopServer() {
        if (stoppedCommandLine != null) {
            throw new IllegalStateException("the server is already stopped");
        }
        List<String> commandLine = postmasterCommandLine();
        pgCtl(commandLine, List.of("stop", "-m", "fast"));
        stoppedCommandLine = commandLine;
    }

    /** Starts the server {@link #stopServer()} stopped, with the same options, and waits until it accepts connections. */
    public synchronized void startServer() {
        if (stoppedCommandLine == null) {
            throw new IllegalStateException("the server is not stopped");
        }
        // postmaster.opts: the binary, then its arguments; pg_ctl supplies -D itself.
        List<String> options = new ArrayList<>();
        List<String> arguments = stoppedCommandLine.subList(1, stoppedCommandLine.size());
        for (int i = 0; i < arguments.size(); i++) {
            if (arguments.get(i).equals("-D")) {
                i++;
            } else {
                options.add(quoted(arguments.get(i)));
            }
        }
        Path serverLog = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-server.log");
        pgCtl(stoppedCommandLine, List.of("start", "-l", serverLog.toString(), "-o", String.join(" ", options)));
        stoppedCommandLine = null;
    }

    /** The running postmaster's command line, as it recorded it in postmaster.opts. */
    private List<String> postmasterCommandLine() {
        try {
            String opts = Files.readString(dataDirectory.resolve("postmaster.opts")).strip();
            List<String> tokens = new ArrayList<>();
            Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(opts);
            while (m.find()) {
                tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return tokens;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the server's postmaster.opts", e);
        }
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Runs the pg_ctl next to the server's own binary, waiting (-w) up to 60 s for the action to finish. */
    private void pgCtl(List<String> commandLine, List<String> action) {
        Path pgCtl = Path.of(commandLine.get(0)).resolveSibling("pg_ctl");
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(pgCtl.toString(), "-D", dataDirectory.toString(), "-w", "-t", "60"));
        command.addAll(action);
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-pg_ctl.log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("pg_ctl " + action.get(0) + " did not finish in 90 s; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("pg_ctl " + action.get(0) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(log).strip().lines().reduce((a, b) -> b).orElse("") + " (log: " + log + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run pg_ctl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running pg_ctl " + action.get(0), e);
        }
    }

    @Override
    public synchronized void close() {
        if (stoppedCommandLine != null) {
            return; // stopped by stopServer() and never started again: nothing runs, the data directory stays
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL", e);
        }
    }
}
