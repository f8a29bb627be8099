package health.ward.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code db/bootstrap/roles.sql} as a superuser: creates Ward's migration and application roles
 * and its database. The file uses psql's {@code :'name'} variables so Kubernetes can run the very same
 * file with {@code psql -v}; here they are bound as properly quoted SQL literals.
 */
public final class ClusterBootstrap {

    public static final String RESOURCE = "db/bootstrap/roles.sql";
    private static final Pattern VARIABLE = Pattern.compile(":'([a-z_]+)'");

    private ClusterBootstrap() {
    }

    /** Creates Ward's roles (with the server's passwords for them) and database on a fresh server. */
    public static void run(RecordsDatabase server) throws SQLException {
        try (Connection superuser = server.superuserConnection("postgres")) {
            run(superuser, Map.of(
                    "migrator_password", server.migratorPassword(),
                    "app_password", server.appPassword()));
        }
    }

    public static void run(Connection superuser, Map<String, String> variables) throws SQLException {
        boolean autoCommit = superuser.getAutoCommit();
        superuser.setAutoCommit(true); // CREATE DATABASE cannot run inside a transaction
        try (Statement statement = superuser.createStatement()) {
            for (String sql : statements(read())) {
                statement.execute(bind(sql, variables));
            }
        } finally {
            superuser.setAutoCommit(autoCommit);
        }
    }

    static String bind(String script, Map<String, String> variables) {
        Matcher matcher = VARIABLE.matcher(script);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = variables.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("bootstrap variable not provided: " + matcher.group(1));
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(literal(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** A PostgreSQL string literal; standard_conforming_strings is on, so doubling quotes suffices. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    static List<String> statements(String script) {
        String withoutComments = script.lines()
                .filter(line -> !line.stripLeading().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(withoutComments.split(";\\s*\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read() {
        try (InputStream in = ClusterBootstrap.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
