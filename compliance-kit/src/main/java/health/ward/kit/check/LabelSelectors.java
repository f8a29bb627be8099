package health.ward.kit.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Kubernetes label selector semantics (matchLabels AND matchExpressions); an empty selector matches all. */
final class LabelSelectors {

    private LabelSelectors() {
    }

    static boolean isEmpty(JsonNode selector) {
        return selector.isMissingNode() || selector.isNull()
                || (selector.path("matchLabels").isEmpty() && selector.path("matchExpressions").isEmpty());
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        Iterator<Map.Entry<String, JsonNode>> required = selector.path("matchLabels").fields();
        while (required.hasNext()) {
            Map.Entry<String, JsonNode> label = required.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            if (!matchesExpression(expression, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesExpression(JsonNode expression, JsonNode labels) {
        String key = expression.path("key").asText();
        boolean present = labels.has(key);
        String value = labels.path(key).asText(null);
        boolean inValues = false;
        for (JsonNode v : expression.path("values")) {
            inValues |= v.asText().equals(value);
        }
        return switch (expression.path("operator").asText()) {
            case "In" -> present && inValues;
            case "NotIn" -> !present || !inValues;
            case "Exists" -> present;
            case "DoesNotExist" -> !present;
            // An operator the API server would reject: never silently treat it as a match.
            default -> false;
        };
    }
}
