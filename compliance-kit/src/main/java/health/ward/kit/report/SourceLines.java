package health.ward.kit.report;

import health.ward.kit.check.Finding;
import health.ward.kit.check.Origin;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line of a finding's field in the file it was read from, by SnakeYAML's node marks: the
 * parsed tree the checkers read keeps no positions, so files with findings are composed again
 * (once each, only for reports that point at lines). The document is the one starting on the
 * finding's {@link Origin#line()}; the path is followed as far as it exists, so a missing field
 * points at its nearest present parent. 0 when nothing is known (stdin, a cluster, a rendering).
 */
final class SourceLines {

    private static final Pattern SEGMENT = Pattern.compile("\\[\"([^\"]*)\"\\]|\\[(\\d+)\\]|([^.\\[\\]]+)");

    private final Map<String, List<Node>> documents = new HashMap<>();

    int line(Finding finding) {
        Origin origin = finding.origin();
        if (origin.line() <= 0) {
            return 0;
        }
        Node node = null;
        for (Node document : documents(finding.file())) {
            if (document.getStartMark().getLine() + 1 == origin.line()) {
                node = document;
                break;
            }
        }
        if (node == null) {
            return origin.line();
        }
        if (origin.item() >= 0) {
            Node items = child(child(node, "items"), origin.item());
            if (items == null) {
                return origin.line();
            }
            node = items;
        }
        int line = node.getStartMark().getLine() + 1;
        Matcher segments = SEGMENT.matcher(finding.path());
        while (segments.find()) {
            if (segments.group(2) != null) {
                node = child(node, Integer.parseInt(segments.group(2)));
                if (node == null) {
                    break;
                }
                line = node.getStartMark().getLine() + 1;
            } else {
                NodeTuple entry = entry(node, segments.group(1) != null ? segments.group(1) : segments.group(3));
                if (entry == null) {
                    break;
                }
                // The key's line: a block value starts on the line after it.
                line = entry.getKeyNode().getStartMark().getLine() + 1;
                node = entry.getValueNode();
            }
        }
        return line;
    }

    private List<Node> documents(String file) {
        return documents.computeIfAbsent(file, f -> {
            List<Node> nodes = new ArrayList<>();
            Path path = Path.of(f.startsWith("<") ? "-" : f);
            if (!Files.isRegularFile(path)) {
                return nodes;
            }
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Integer.MAX_VALUE);
            try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                new Yaml(options).composeAll(reader).forEach(nodes::add);
            } catch (IOException | RuntimeException e) {
                // The audit read this file; if it cannot be read again, findings keep their document's line.
                nodes.clear();
            }
            return nodes;
        });
    }

    private static NodeTuple entry(Node node, String key) {
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode scalar && scalar.getValue().equals(key)) {
                    return tuple;
                }
            }
        }
        return null;
    }

    private static Node child(Node node, String key) {
        NodeTuple entry = entry(node, key);
        return entry == null ? null : entry.getValueNode();
    }

    private static Node child(Node node, int index) {
        return node instanceof SequenceNode sequence && index < sequence.getValue().size() ? sequence.getValue().get(index) : null;
    }
}
