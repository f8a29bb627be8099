package health.ward.kit.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import health.ward.kit.check.Check;
import health.ward.kit.check.Checks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Cross-references inside the catalogue, and from it to code and policies, all resolve. */
class CatalogueIntegrityTest {

    private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    private final Catalogue catalogue = Catalogue.load();

    // The agreed id list: the chart's template comments and Gatekeeper constraints use these ids,
    // so adding, renaming or dropping one is a cross-team change, not a catalogue edit.
    static final List<String> AGREED_IDS = List.of(
            "WARD-AUD-001", "WARD-AUD-002", "WARD-AUD-003",
            "WARD-BCK-001", "WARD-BCK-002", "WARD-BCK-003",
            "WARD-ENC-001", "WARD-ENC-002", "WARD-ENC-003", "WARD-ENC-004",
            "WARD-GDPR-001", "WARD-GDPR-002", "WARD-GDPR-003", "WARD-GDPR-004",
            "WARD-IAM-001", "WARD-IAM-002", "WARD-IAM-003", "WARD-IAM-004", "WARD-IAM-005",
            "WARD-MON-001", "WARD-MON-002",
            "WARD-NET-001", "WARD-NET-002", "WARD-NET-003", "WARD-NET-004",
            "WARD-POL-001", "WARD-POL-002", "WARD-POL-003", "WARD-POL-004", "WARD-POL-005", "WARD-POL-006",
            "WARD-POL-007", "WARD-POL-008", "WARD-POL-009", "WARD-POL-010", "WARD-POL-011");

    @Test
    void containsExactlyTheAgreedControlIdsAndFrameworks() {
        assertThat(catalogue.controls()).extracting(Control::id).containsExactlyElementsOf(AGREED_IDS);
        assertThat(catalogue.frameworks()).extracting(Framework::id).containsExactly("gdpr", "hipaa", "pci-dss", "popia");
    }

    @Test
    void everyFrameworkClauseIsCitedByAtLeastOneControl() {
        for (Framework f : catalogue.frameworks()) {
            Set<String> cited = new TreeSet<>();
            catalogue.controls().forEach(c -> c.clauses(f.id()).forEach(ref -> cited.add(ref.clause())));
            assertThat(cited).as("clauses of %s cited by some control", f.id())
                    .containsAll(f.clauses().stream().map(ClauseRef::clause).toList());
        }
    }

    @Test
    void plannedTextNamesNoFileThatAlreadyExists() {
        // Once a planned file lands it belongs in its enforcement field, where it is checked and shown.
        Path module = Path.of("").toAbsolutePath();
        Pattern file = Pattern.compile("[\\w./-]+\\.(?:java|yaml|rego)");
        for (Control c : catalogue.controls()) {
            String planned = c.enforcement().planned();
            if (planned == null) {
                continue;
            }
            Matcher m = file.matcher(planned);
            while (m.find()) {
                assertThat(module.resolve(m.group())).as("%s plans %s", c.id(), m.group()).doesNotExist();
                assertThat(module.getParent().resolve(m.group())).as("%s plans %s", c.id(), m.group()).doesNotExist();
            }
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
            for (String repoPath : new String[] {e.chart(), e.platform(), e.e2e()}) {
                if (repoPath != null) {
                    assertThat(module.getParent().resolve(repoPath)).as("%s enforcement path", c.id()).exists();
                }
            }
        }
    }

    @Test
    void everyGatekeeperTemplateIsDeclaredByTheControlItNames() throws Exception {
        Path library = Path.of("policies/library");
        List<Path> templates;
        try (var dirs = Files.list(library)) {
            templates = dirs.map(d -> d.resolve("template.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(templates).isNotEmpty();
        for (Path template : templates) {
            String text = Files.readString(template);
            Matcher id = Pattern.compile("ward\\.health/control-id: (WARD-[A-Z]+-\\d{3})").matcher(text);
            assertThat(id.find()).as("%s names its control", template).isTrue();
            Control control = catalogue.control(id.group(1)).orElse(null);
            assertThat(control).as("%s names %s, which is not in the catalogue", template, id.group(1)).isNotNull();
            assertThat(control.enforcement().gatekeeper()).as("gatekeeper entry of %s", control.id())
                    .isEqualTo(template.toString());
            // Directory and template name follow the agreed scheme: ward-<id lowercased>-<slug>, kind lowercased.
            assertThat(template.getParent().getFileName().toString()).startsWith(control.id().toLowerCase() + "-");
            Matcher kind = Pattern.compile("\\n {8}kind: (Ward[A-Za-z]+)\\n").matcher(text);
            assertThat(kind.find()).as("%s kind", template).isTrue();
            assertThat(text).contains("\n  name: " + kind.group(1).toLowerCase() + "\n");
        }
    }

    @Test
    void everyFrameworkIsUsedByAtLeastOneControl() {
        Set<String> used = new TreeSet<>();
        catalogue.controls().forEach(c -> used.addAll(c.mappings().keySet()));
        assertThat(used).containsAll(catalogue.frameworks().stream().map(Framework::id).toList());
    }
}
