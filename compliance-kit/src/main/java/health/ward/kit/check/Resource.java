package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object from the audited input.
 *
 * @param file where it was read from, as given on the command line ({@code <stdin>} for "-")
 * @param namespace metadata.namespace, or the audit's default namespace when absent
 * @param body the object itself
 * @param origin where in the file it starts, and the chart template it came from
 */
public record Resource(String file, String namespace, JsonNode body, Origin origin) {

    public Resource(String file, String namespace, JsonNode body) {
        this(file, namespace, body, Origin.UNKNOWN);
    }

    public String kind() {
        return body.path("kind").asText("");
    }

    public String name() {
        return body.path("metadata").path("name").asText("");
    }

    public boolean isKind(String expected) {
        return expected.equals(kind());
    }
}
