package health.ward.kit.report;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.Checks;
import health.ward.kit.check.InputException;
import health.ward.kit.check.ResourceReader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OscalReportTest {

    @Test
    void sameAuditAndTimeGiveTheSameDocument() throws InputException {
        assertThat(render()).isEqualTo(render());
    }

    @Test
    void uuidsAreVersion5AndNameBased() {
        assertThat(OscalReport.uuid("a").version()).isEqualTo(5);
        assertThat(OscalReport.uuid("a")).isEqualTo(OscalReport.uuid("a")).isNotEqualTo(OscalReport.uuid("b"));
    }

    private static String render() throws InputException {
        Catalogue catalogue = Catalogue.load();
        AuditReport report = AuditReport.run(catalogue, Checks.byControlId(),
                new ResourceReader("default", InputStream.nullInputStream())
                        .read(List.of("src/test/resources/fixtures/WARD-POL-001")), Optional.empty());
        StringWriter out = new StringWriter();
        OscalReport.write(report, new ReportContext(catalogue, "test", Instant.parse("2026-11-22T00:00:00Z")),
                new PrintWriter(out));
        return out.toString();
    }
}
