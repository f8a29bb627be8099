package health.ward.e2e.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hyperfoil.api.config.Benchmark;

import health.ward.e2e.stack.LocalStack;
import health.ward.testing.RepoPaths;

/** What a reader needs to compare numbers: the machine, the versions, the commit. Read, never typed in. */
final class MachineFacts {

    private MachineFacts() {
    }

    static Map<String, String> collect(LocalStack stack) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name") + " — " + Runtime.getRuntime().availableProcessors()
                + " cores visible (nproc)");
        facts.put("Memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal"));
        facts.put("OS", firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", "") + ", kernel "
                + System.getProperty("os.version"));
        facts.put("JDK", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + " (patient-api and the load generator run on the same JDK, same machine)");
        facts.put("PostgreSQL", sql(stack, "SHOW server_version") + " (embedded binaries)");
        facts.put("OpenBao", openBaoVersion(stack));
        facts.put("Keycloak", versionsMk("KEYCLOAK_VERSION"));
        facts.put("Load generator", "Hyperfoil " + jarVersion(Benchmark.class, "hyperfoil-api-")
                + " in-process (open model, constant rate, 1 event-loop thread)");
        facts.put("Load average before the runs", loadAverage()
                + " (1/5/15 min; anything else running on the machine — builds, other tests — skews the figures)");
        facts.put("Commit", command("git", "rev-parse", "--short", "HEAD")
                + (command("git", "status", "--porcelain", "--untracked-files=no").isBlank() ? "" : " (working tree modified)"));
        return facts;
    }

    private static String firstMatch(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(key.equals("PRETTY_NAME") ? '=' : ':') + 1).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String sql(LocalStack stack, String query) {
        try (Connection c = stack.database().superuserConnection("ward"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String openBaoVersion(LocalStack stack) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(stack.openBao().address() + "/v1/sys/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return WardApi.JSON.readTree(r.body()).path("version").asText("unknown") + " (dev server)";
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String versionsMk(String key) {
        try {
            return Files.readAllLines(RepoPaths.root().resolve("tools/versions.mk")).stream()
                    .filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(":=") + 2).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String jarVersion(Class<?> type, String prefix) {
        String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
        String file = location.substring(location.lastIndexOf('/') + 1);
        return file.startsWith(prefix) ? file.substring(prefix.length()).replace(".jar", "") : "unknown";
    }

    private static String command(String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(RepoPaths.root().toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
