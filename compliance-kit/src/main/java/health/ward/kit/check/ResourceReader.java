package health.ward.kit.check;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads Kubernetes objects from files, directories (recursively, *.yaml and *.yml in name order)
 * and stdin ("-"). Handles multi-document YAML, skips empty documents and unwraps {@code kind: List}.
 *
 * <p>A file that cannot be read or parsed is recorded as an {@link InputError} naming the file
 * and line, and reading goes on: one broken file must not hide findings in the others. A broken
 * file contributes none of its objects, since a partial read could make a control look satisfied.
 */
public final class ResourceReader {

    public static final String STDIN = "-";
    static final String STDIN_LABEL = "<stdin>";

    /**
     * Larger files are refused up front rather than exhausting memory mid-audit. A Kubernetes
     * object is at most 1.5 MiB (etcd's limit) and 10,000 chart objects are about 4 MiB, so a file
     * over this is rarely a manifest; `--max-file-mib` raises it for a genuine cluster export.
     */
    public static final int DEFAULT_MAX_FILE_MIB = 32;

    // Cluster-scoped kinds get no default namespace: "ClusterRole/default/x" would mislead.
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
            "ConstraintTemplate", "IngressClass", "RuntimeClass", "CSIDriver", "APIService");
    // kube-apiserver configuration files (EncryptionConfiguration, audit Policy): not API objects, never namespaced.
    private static final List<String> UNNAMESPACED_GROUPS =
            List.of("constraints.gatekeeper.sh/", "apiserver.config.k8s.io/", "audit.k8s.io/");

    private final ObjectMapper yaml;
    private final long maxFileBytes;
    private final String defaultNamespace;
    private final InputStream stdin;
    private final List<InputError> errors = new ArrayList<>();

    public ResourceReader(String defaultNamespace, InputStream stdin) {
        this(defaultNamespace, stdin, DEFAULT_MAX_FILE_MIB);
    }

    public ResourceReader(String defaultNamespace, InputStream stdin, int maxFileMib) {
        this.defaultNamespace = defaultNamespace;
        this.stdin = stdin;
        this.maxFileBytes = maxFileMib * 1024L * 1024;
        this.yaml = new YAMLMapper(YAMLFactory.builder().loaderOptions(loaderOptions(maxFileBytes)).build());
    }

    /** One input that could not be used; {@code line} is 0 when unknown. */
    public record InputError(String file, int line, String message) {

        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line : "") + ": " + message;
        }
    }

    /** Everything readable from the inputs; see {@link #errors()} for what was not. */
    public List<Resource> readAll(List<String> inputs) {
        List<Resource> resources = new ArrayList<>();
        for (String input : inputs) {
            if (STDIN.equals(input)) {
                text(STDIN_LABEL, this::readStdin).ifPresent(t -> parseInto(STDIN_LABEL, t, resources));
                continue;
            }
            Path path = Path.of(input);
            if (Files.isSymbolicLink(path) && !Files.exists(path)) {
                errors.add(new InputError(input, 0, BROKEN_LINK));
            } else if (Files.isDirectory(path)) {
                for (Path file : yamlFilesUnder(path)) {
                    text(file.toString(), () -> readFile(file)).ifPresent(t -> parseInto(file.toString(), t, resources));
                }
            } else {
                text(input, () -> readFile(path)).ifPresent(t -> parseInto(input, t, resources));
            }
        }
        return resources;
    }

    /** Like {@link #readAll} but fails on the first unusable input; for callers that need all or nothing. */
    public List<Resource> read(List<String> inputs) throws InputException {
        List<Resource> resources = readAll(inputs);
        if (!errors.isEmpty()) {
            throw new InputException(errors.get(0).toString());
        }
        return resources;
    }

    /** Parses text that did not come from a file, e.g. a chart rendered by helm. */
    public List<Resource> readText(String label, String text) {
        List<Resource> resources = new ArrayList<>();
        parseInto(label, text, resources);
        return resources;
    }

    public List<InputError> errors() {
        return List.copyOf(errors);
    }

    private interface TextSource {
        String get() throws IOException;
    }

    private java.util.Optional<String> text(String label, TextSource source) {
        try {
            return java.util.Optional.of(source.get());
        } catch (CharacterCodingException e) {
            errors.add(new InputError(label, 0, "not UTF-8 text (binary file?)"));
        } catch (NoSuchFileException e) {
            errors.add(new InputError(label, 0, "no such file"));
        } catch (FileSystemException e) {
            // e.g. ELOOP: "Too many levels of symbolic links"; the path is already in the label.
            errors.add(new InputError(label, 0, "cannot read: " + (e.getReason() == null ? e.getMessage() : e.getReason())));
        } catch (IOException e) {
            errors.add(new InputError(label, 0, "cannot read: " + e.getMessage()));
        }
        return java.util.Optional.empty();
    }

    private static final String BROKEN_LINK = "symbolic link that cannot be followed (broken, or a loop)";

    /**
     * YAML files under a directory, following symbolic links (a linked directory of manifests is
     * audited, not silently skipped). A link that loops back, a link that cannot be followed and
     * an unreadable directory are each an input error; the walk goes on past them.
     */
    private List<Path> yamlFilesUnder(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (isYaml(file)) {
                        if (attributes.isRegularFile()) {
                            files.add(file);
                        } else if (attributes.isSymbolicLink()) {
                            errors.add(new InputError(file.toString(), 0, BROKEN_LINK));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    errors.add(new InputError(file.toString(), 0, e instanceof FileSystemLoopException
                            ? "symbolic link loop: it leads back to a directory already being read; remove the link"
                            : "cannot read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(new InputError(dir.toString(), 0, "cannot read directory: " + e.getMessage()));
        }
        files.sort(null);
        return files;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private String readFile(Path file) throws IOException {
        if (!Files.isRegularFile(file) && Files.exists(file)) {
            throw new IOException("not a regular file");
        }
        long size = Files.size(file);
        if (size > maxFileBytes) {
            throw new IOException(tooLarge(size));
        }
        return decode(Files.readAllBytes(file));
    }

    private String readStdin() throws IOException {
        byte[] bytes = stdin.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
        if (bytes.length > maxFileBytes) {
            throw new IOException(tooLarge(bytes.length) + " (stdin)");
        }
        return decode(bytes);
    }

    private String tooLarge(long size) {
        return String.format(java.util.Locale.ROOT, "too large: %.1f MiB, more than the %d MiB ward-kit reads from one file"
                + " (a Kubernetes object is at most 1.5 MiB); split it, or raise --max-file-mib", size / (1024.0 * 1024),
                maxFileBytes / (1024 * 1024));
    }

    // Strict decoding: replacement characters would turn binary junk into confusing YAML errors.
    private static String decode(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    private void parseInto(String label, String text, List<Resource> into) {
        if (text.indexOf('\0') >= 0) {
            errors.add(new InputError(label, lineOf(text, text.indexOf('\0')), "contains NUL bytes (binary file?)"));
            return;
        }
        List<Resource> resources = new ArrayList<>();
        HelmSources sources = HelmSources.of(text);
        try (Reader reader = new StringReader(text);
                MappingIterator<JsonNode> documents = yaml.readerFor(JsonNode.class).readValues(reader)) {
            int index = 0;
            while (documents.hasNextValue()) {
                // hasNextValue() has read the document's first token: that is where it starts.
                int line = documents.getParser().currentTokenLocation().getLineNr();
                JsonNode document = documents.nextValue();
                index++;
                // A document holding only comments reads as null, missing or "" depending on the parser path.
                if (document == null || document.isNull() || document.isMissingNode()
                        || (document.isTextual() && document.asText().isEmpty())) {
                    continue;
                }
                String problem = addObject(label, document, line, -1, sources.templateAt(line), resources);
                if (problem != null) {
                    errors.add(new InputError(label, line, "document " + index + " " + problem));
                    return;
                }
            }
        } catch (JsonProcessingException e) {
            errors.add(new InputError(label, line(e.getLocation()), "invalid YAML: " + oneLine(e.getOriginalMessage())));
            return;
        } catch (IOException e) {
            errors.add(new InputError(label, 0, "cannot read: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // MappingIterator wraps parse errors in unchecked exceptions.
            if (e.getCause() instanceof JsonProcessingException jpe) {
                errors.add(new InputError(label, line(jpe.getLocation()), "invalid YAML: " + oneLine(jpe.getOriginalMessage())));
            } else {
                errors.add(new InputError(label, 0, "invalid YAML: " + e.getMessage()));
            }
            return;
        }
        into.addAll(resources);
    }

    /** Adds the object (or a List's items); returns why it is not a Kubernetes object, or null. */
    private String addObject(String label, JsonNode document, int line, int item, String template, List<Resource> resources) {
        if (!document.isObject() || document.path("kind").asText("").isBlank()) {
            return "is not a Kubernetes object (no kind)";
        }
        // `kubectl get -o yaml` wraps objects in kind: List (or e.g. PodList); audit what is inside.
        if (document.path("kind").asText().endsWith("List") && document.path("items").isArray()) {
            int index = 0;
            for (JsonNode each : document.path("items")) {
                String problem = addObject(label, each, line, index++, template, resources);
                if (problem != null) {
                    return "has an item that " + problem;
                }
            }
            return null;
        }
        String namespace = document.path("metadata").path("namespace").asText("");
        String apiVersion = document.path("apiVersion").asText();
        boolean clusterScoped = CLUSTER_SCOPED.contains(document.path("kind").asText())
                || UNNAMESPACED_GROUPS.stream().anyMatch(apiVersion::startsWith);
        resources.add(new Resource(label, clusterScoped ? "" : namespace.isBlank() ? defaultNamespace : namespace, document,
                new Origin(line, item, template)));
        return null;
    }

    /**
     * helm template's {@code # Source: chart/templates/x.yaml} comments: the template of the
     * document that follows, up to the next {@code ---}. Comments never reach the parsed tree,
     * so they are read from the text.
     */
    private record HelmSources(NavigableMap<Integer, String> sources, NavigableSet<Integer> separators) {

        private static final String PREFIX = "# Source: ";

        static HelmSources of(String text) {
            NavigableMap<Integer, String> sources = new TreeMap<>();
            NavigableSet<Integer> separators = new TreeSet<>();
            if (text.contains(PREFIX)) {
                int line = 0;
                for (String each : text.split("\\R", -1)) {
                    line++;
                    if (each.startsWith(PREFIX)) {
                        sources.put(line, each.substring(PREFIX.length()).strip());
                    } else if (each.startsWith("---")) {
                        separators.add(line);
                    }
                }
            }
            return new HelmSources(sources, separators);
        }

        String templateAt(int documentLine) {
            var source = sources.lowerEntry(documentLine);
            Integer separator = separators.lower(documentLine);
            return source == null || (separator != null && separator > source.getKey()) ? null : source.getValue();
        }
    }

    // SnakeYAML's messages span lines (context, caret); an error line on stderr should not.
    private static String oneLine(String message) {
        return String.valueOf(message).replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static LoaderOptions loaderOptions(long maxFileBytes) {
        LoaderOptions options = new LoaderOptions();
        // SnakeYAML's default of 3 MB would refuse a rendered cluster export of a few thousand objects.
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, maxFileBytes));
        return options;
    }
}
