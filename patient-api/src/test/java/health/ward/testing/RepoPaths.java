package health.ward.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository and the tools `make tools` installed into it. */
public final class RepoPaths {

    private RepoPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("ward-test.repo-root");
        if (configured != null && Files.isRegularFile(Path.of(configured, "mvnw"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("records-db"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Ward repository root from " + Path.of("").toAbsolutePath());
    }

    /** A tool installed by `make tools`; fails loudly rather than letting a test silently not run. */
    public static Path tool(String relativePath) {
        Path tool = root().resolve(relativePath);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(tool + " is missing: run `make tools` (make test does it for you)");
        }
        return tool;
    }

    public static Path runDirectory(String name) {
        Path dir = root().resolve("target").resolve("run").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }
}
