package health.ward.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ClusterBootstrapTest {

    @Test
    void bindsVariablesAsQuotedLiteralsSoAPasswordCannotInjectSql() {
        String bound = ClusterBootstrap.bind("CREATE ROLE r PASSWORD :'pw';", Map.of("pw", "x'; DROP ROLE y; --"));
        assertThat(bound).isEqualTo("CREATE ROLE r PASSWORD 'x''; DROP ROLE y; --';");
    }

    @Test
    void missingVariableIsAnError() {
        assertThatThrownBy(() -> ClusterBootstrap.bind("SELECT :'absent';", Map.of()))
                .hasMessageContaining("absent");
    }

    @Test
    void splitsStatementsAndDropsCommentLines() {
        assertThat(ClusterBootstrap.statements("-- comment\nSELECT 1;\nSELECT 2;\n"))
                .containsExactly("SELECT 1", "SELECT 2");
    }
}
