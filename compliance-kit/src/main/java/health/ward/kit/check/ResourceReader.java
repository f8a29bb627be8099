package health.ward.kit.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads Kubernetes objects from files, directories (recursively, *.yaml and *.yml in name order)
 * and stdin ("-"). Handles multi-document YAML, skips empty documents and unwraps {@code kind: List}.
 */
public final class ResourceReader {

    public static final String STDIN = "-";
    static final String STDIN_LABEL = "<stdin>";

    private static final ObjectMapper YAML = new YAMLMapper();

    // Cluster-scoped kinds get no default namespace: "ClusterRole/default/x" would mislead.
    private static final java.util.Set<String> CLUSTER_SCOPED = java.util.Set.of(
            "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PriorityClass", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
            "ConstraintTemplate", "IngressClass", "RuntimeClass", "CSIDriver", "APIService");

    private final String defaultNamespace;
    private final InputStream stdin;

    public ResourceReader(String defaultNamespace, InputStream stdin) {
        this.defaultNamespace = defaultNamespace;
        this.stdin = stdin;
    }

    public List<Resource> read(List<String> inputs) throws InputException {
        List<Resource> resources = new ArrayList<>();
        for (String input : inputs) {
            if (STDIN.equals(input)) {
                resources.addAll(parse(STDIN_LABEL, readStdin()));
                continue;
            }
            Path path = Path.of(input);
            if (Files.isDirectory(path)) {
                for (Path file : yamlFilesUnder(path)) {
                    resources.addAll(parse(file.toString(), readFile(file)));
                }
            } else {
                resources.addAll(parse(input, readFile(path)));
            }
        }
        return resources;
    }

    private List<Path> yamlFilesUnder(Path dir) throws InputException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InputException("cannot read directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private String readFile(Path file) throws InputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + describe(e), e);
        }
    }

    private String readStdin() throws InputException {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read stdin: " + describe(e), e);
        }
    }

    List<Resource> parse(String label, String text) throws InputException {
        List<Resource> resources = new ArrayList<>();
        try (Reader reader = new StringReader(text);
                MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(reader)) {
            int index = 0;
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                index++;
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                addObject(label, index, document, resources);
            }
        } catch (JsonProcessingException e) {
            throw new InputException(label + ": invalid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InputException("cannot read " + label + ": " + describe(e), e);
        } catch (RuntimeException e) {
            // MappingIterator wraps parse errors in unchecked exceptions.
            Throwable cause = e.getCause() instanceof JsonProcessingException jpe ? jpe : e;
            String detail = cause instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new InputException(label + ": invalid YAML: " + detail, e);
        }
        return resources;
    }

    private void addObject(String label, int index, JsonNode document, List<Resource> resources) throws InputException {
        if (!document.isObject() || document.path("kind").asText("").isBlank()) {
            throw new InputException(label + ": document " + index + " is not a Kubernetes object (no kind)");
        }
        // `kubectl get -o yaml` wraps objects in kind: List (or e.g. PodList); audit what is inside.
        if (document.path("kind").asText().endsWith("List") && document.path("items").isArray()) {
            for (JsonNode item : document.path("items")) {
                addObject(label, index, item, resources);
            }
            return;
        }
        String namespace = document.path("metadata").path("namespace").asText("");
        boolean clusterScoped = CLUSTER_SCOPED.contains(document.path("kind").asText());
        resources.add(new Resource(label, clusterScoped ? "" : namespace.isBlank() ? defaultNamespace : namespace, document));
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
