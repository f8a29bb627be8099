package health.ward.kit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.check.Check;
import health.ward.kit.check.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cross-references inside the catalogue, and from it to code and policies, all resolve. */
class CatalogueIntegrityTest {

    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private final Catalogue catalogue = Catalogue.load();

    @Test
    void loadsTheSeedControlsFromTheClasspath() {
        assertThat(catalogue.controls()).extracting(Control::id).contains(
                "WARD-POL-001", "WARD-ENC-001", "WARD-ENC-002", "WARD-NET-001", "WARD-NET-002", "WARD-AUD-001");
        assertThat(catalogue.frameworks()).extracting(Framework::id).containsExactly("gdpr", "hipaa", "pci-dss", "popia");
    }

    @Test
    void everyControlHasItsTextFieldsAndAKnownSeverity() {
        for (Control c : catalogue.controls()) {
            assertThat(c.title()).as("%s title", c.id()).isNotBlank();
            assertThat(c.description()).as("%s description", c.id()).isNotBlank();
            assertThat(c.rationale()).as("%s rationale", c.id()).isNotBlank();
            assertThat(c.remediation()).as("%s remediation", c.id()).isNotBlank();
            assertThat(c.targetKinds()).as("%s targetKinds", c.id()).isNotEmpty();
            assertThat(SEVERITIES).as("%s severity", c.id()).contains(c.severity());
        }
    }

    @Test
    void everyControlMapsToEveryFramework() {
        for (Control c : catalogue.controls()) {
            assertThat(c.mappings().keySet()).as("%s mapped frameworks", c.id())
                    .containsExactlyInAnyOrderElementsOf(catalogue.frameworks().stream().map(Framework::id).toList());
            c.mappings().forEach((framework, clauses) ->
                    assertThat(clauses).as("%s clauses for %s", c.id(), framework).isNotEmpty());
        }
    }

    @Test
    void everyMappedClauseExistsInItsFrameworkWithTheSameTitle() {
        for (Control c : catalogue.controls()) {
            c.mappings().forEach((frameworkId, clauses) -> {
                Framework framework = catalogue.framework(frameworkId).orElseThrow();
                for (ClauseRef ref : clauses) {
                    assertThat(framework.clause(ref.clause())).as("%s cites %s %s", c.id(), frameworkId, ref.clause())
                            .contains(ref);
                }
            });
        }
    }

    @Test
    void frameworkClausesAreUniqueAndTitled() {
        for (Framework f : catalogue.frameworks()) {
            assertThat(f.clauses()).extracting(ClauseRef::clause).as("%s clause ids", f.id()).doesNotHaveDuplicates();
            assertThat(f.clauses()).allSatisfy(clause -> assertThat(clause.title()).isNotBlank());
        }
    }

    @Test
    void everyControlHasAnEnforcementEntry() {
        for (Control c : catalogue.controls()) {
            assertThat(c.enforcement()).as("%s enforcement", c.id()).isNotNull();
            assertThat(c.enforcement().isEmpty()).as("%s enforcement is empty", c.id()).isFalse();
        }
    }

    @Test
    void enforcementCheckersExistAndCheckTheirOwnControl() throws ReflectiveOperationException {
        for (Control c : catalogue.controls()) {
            String checker = c.enforcement().checker();
            if (checker == null) {
                continue;
            }
            Check check = (Check) Class.forName(checker).getDeclaredConstructor().newInstance();
            assertThat(check.controlId()).as("control id of %s", checker).isEqualTo(c.id());
        }
    }

    @Test
    void everyShippedCheckerIsDeclaredByItsControl() {
        Map<String, String> declared = catalogue.controls().stream()
                .filter(c -> c.enforcement().checker() != null)
                .collect(Collectors.toMap(Control::id, c -> c.enforcement().checker()));
        Checks.byControlId().forEach((id, check) ->
                assertThat(declared).as("catalogue entry naming %s", check.getClass().getName())
                        .containsEntry(id, check.getClass().getName()));
    }

    @Test
    void enforcementPathsExistAndGatekeeperTemplatesCarryTheControlId() throws Exception {
        Path module = Path.of("").toAbsolutePath();
        for (Control c : catalogue.controls()) {
            Enforcement e = c.enforcement();
            if (e.gatekeeper() != null) {
                Path template = module.resolve(e.gatekeeper());
                assertThat(template).as("%s gatekeeper template", c.id()).isRegularFile();
                assertThat(Files.readString(template)).contains("ward.health/control-id: " + c.id());
            }
            for (String repoPath : new String[] {e.chart(), e.e2e()}) {
                if (repoPath != null) {
                    assertThat(module.getParent().resolve(repoPath)).as("%s enforcement path", c.id()).exists();
                }
            }
        }
    }

    @Test
    void everyFrameworkIsUsedByAtLeastOneControl() {
        Set<String> used = new TreeSet<>();
        catalogue.controls().forEach(c -> used.addAll(c.mappings().keySet()));
        assertThat(used).containsAll(catalogue.frameworks().stream().map(Framework::id).toList());
    }
}
