package health.ward.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlsAndExplainCommandTest {

    @Test
    void controlsListsEveryCatalogueControlAndWhetherItIsChecked() {
        CliRun run = CliRun.of("controls");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines().toList()).hasSize(health.ward.kit.catalogue.Catalogue.load().controls().size());
        assertThat(run.out()).containsPattern("WARD-POL-001 +high +checked +Containers run as non-root")
                .containsPattern("WARD-ENC-001 +critical +not-checked ");
    }

    @Test
    void explainShowsRemediationEnforcementAndMappings() {
        CliRun run = CliRun.of("explain", "WARD-POL-001");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Remediation:")
                .contains("checker: health.ward.kit.check.RunAsNonRootCheck")
                .contains("gatekeeper: policies/library/ward-pol-001-run-as-non-root/template.yaml")
                .contains("hipaa 164.312(a)(1) Access control");
    }

    @Test
    void explainOfUnknownControlIsAUsageError() {
        CliRun run = CliRun.of("explain", "WARD-XXX-999");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown control 'WARD-XXX-999'");
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(CliRun.of("--help").exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(CliRun.of("audit", "--help").out()).contains("--framework");
        assertThat(CliRun.of("--version").out()).startsWith("ward-kit ");
    }
}
