package health.ward.kit.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LabelSelectorsTest {

    private static final JsonNode API = yaml("{app.kubernetes.io/component: patient-api, tier: app}");

    @Test
    void emptySelectorMatchesEverything() {
        assertThat(LabelSelectors.isEmpty(yaml("{}"))).isTrue();
        assertThat(LabelSelectors.matches(yaml("{}"), API)).isTrue();
    }

    @Test
    void matchLabelsNeedsEveryPair() {
        assertThat(LabelSelectors.matches(yaml("{matchLabels: {tier: app}}"), API)).isTrue();
        assertThat(LabelSelectors.matches(yaml("{matchLabels: {tier: app, zone: a}}"), API)).isFalse();
    }

    @Test
    void matchExpressionsFollowTheirOperators() {
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: tier, operator: In, values: [app, db]}]}"), API)).isTrue();
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: tier, operator: NotIn, values: [app]}]}"), API)).isFalse();
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: zone, operator: NotIn, values: [a]}]}"), API)).isTrue();
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: zone, operator: Exists}]}"), API)).isFalse();
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: zone, operator: DoesNotExist}]}"), API)).isTrue();
        assertThat(LabelSelectors.matches(yaml("{matchExpressions: [{key: tier, operator: Bogus}]}"), API)).isFalse();
    }

    private static JsonNode yaml(String text) {
        try {
            return new YAMLMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
