package health.ward.kit.evidence;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.catalogue.Control;
import health.ward.kit.evidence.JunitResults.TestCase;
import health.ward.kit.evidence.TestSources.TestClass;
import health.ward.kit.report.ControlStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which executed tests prove which control, at which tier, in one run: the tests' JUnit XML
 * results, joined to the controls through the tests' {@code @Tag}s, the control a parameterised
 * invocation names ({@link JunitResults}), the catalogue's {@code enforcement.e2e} test class,
 * the policy engines' results through the catalogue's {@code enforcement.gatekeeper}
 * ({@link PolicyEngines}) and, optionally, chart audits. {@code unattributed} holds the results
 * that claim a control but cannot be tied to one (an engine case of no catalogued policy, an
 * invocation naming an unknown control): they are reported, and one that failed fails the run.
 * {@code warnings} name tags, catalogue paths and missing inputs that look like evidence but cannot count.
 */
public record EvidenceReport(List<ControlEvidence> controls, int reportFiles, int testCases, int engineReportFiles,
        int engineCases, List<String> audits, List<Unattributed> unattributed, List<String> warnings) {

    /** The shape of a control ID, as tags and invocation names give it. */
    static final String CONTROL_ID = "WARD-[A-Z]+-\\d+";
    private static final Pattern CONTROL_TAG = Pattern.compile(CONTROL_ID);
    private static final Comparator<Proof> STRONGEST_FIRST =
            Comparator.comparing(Proof::tier).reversed().thenComparing(Proof::test);

    public Map<EvidenceResult, Integer> counts() {
        Map<EvidenceResult, Integer> counts = new EnumMap<>(EvidenceResult.class);
        for (EvidenceResult result : EvidenceResult.values()) {
            counts.put(result, 0);
        }
        controls.forEach(c -> counts.merge(c.result(), 1, Integer::sum));
        return counts;
    }

    public boolean has(EvidenceResult result) {
        return controls.stream().anyMatch(c -> c.result() == result);
    }

    /** Whether an executed proof failed: one of a control, or one that could not be attributed. */
    public boolean failed() {
        return has(EvidenceResult.FAILED) || unattributed.stream().anyMatch(u -> u.status() == ProofStatus.FAILED);
    }

    /**
     * @param tests the JUnit XML of the Java modules
     * @param engines the policy engines' JUnit XML (tier 1)
     */
    public static EvidenceReport build(Catalogue catalogue, Map<String, TestClass> sources, JunitResults.Results tests,
            JunitResults.Results engines, List<ChartAudit> audits) {
        Map<String, Map<String, ProofStatus>> ran = new TreeMap<>();
        for (TestCase c : tests.cases()) {
            ran.computeIfAbsent(c.className(), k -> new TreeMap<>()).merge(c.method(), c.status(), ProofStatus::merge);
        }
        Set<String> warnings = new LinkedHashSet<>(unknownTags(catalogue, sources));
        if (engines.files() == 0) {
            warnings.add("no policy-engine reports: tier 1 (opa test, gator verify) is not in this report; "
                    + "make test-policies writes them to " + PolicyEngines.REPORT_DIR);
        }
        Map<String, Map<String, Proof>> attributed = new TreeMap<>();
        Map<String, Unattributed> unattributed = new TreeMap<>();
        namedInvocations(catalogue, sources, tests.cases(), attributed, unattributed);
        engineResults(catalogue, engines.cases(), attributed, unattributed);
        List<ControlEvidence> controls = new ArrayList<>();
        for (Control control : catalogue.controls()) {
            Map<String, Proof> proofs = new LinkedHashMap<>();
            tagged(control.id(), sources, ran, proofs);
            attributed.getOrDefault(control.id(), Map.of()).values().forEach(p -> add(proofs, p));
            String e2e = control.enforcement() == null ? null : control.enforcement().e2e();
            if (e2e != null && !e2e.isBlank()) {
                Optional<Tier> tier = Tier.ofSource(e2e.strip());
                if (tier.isEmpty()) {
                    warnings.add(control.id() + ": enforcement.e2e " + e2e.strip() + " is not a test source of "
                            + String.join(", ", Tier.modules()) + "; it does not count");
                } else {
                    catalogued(e2e.strip(), tier.get(), sources, ran, proofs);
                }
            }
            audits.forEach(a -> audited(control.id(), a, proofs));
            controls.add(evaluate(control, proofs.values().stream().sorted(STRONGEST_FIRST).toList()));
        }
        return new EvidenceReport(List.copyOf(controls), tests.files(), tests.cases().size(), engines.files(),
                engines.cases().size(), audits.stream().map(ChartAudit::file).toList(),
                List.copyOf(unattributed.values()), List.copyOf(warnings));
    }

    /**
     * Invocations whose name carries a control ID ({@link TestCase#namedControl()}) prove that
     * control, one proof each, at the tier of their class's source.
     */
    private static void namedInvocations(Catalogue catalogue, Map<String, TestClass> sources, List<TestCase> cases,
            Map<String, Map<String, Proof>> attributed, Map<String, Unattributed> unattributed) {
        for (TestCase c : cases) {
            Optional<JunitResults.NamedControl> id = c.namedControl();
            if (id.isEmpty()) {
                continue;
            }
            String test = c.className() + "#" + c.method() + " " + id.get().display();
            TestClass source = sources.get(c.className());
            Optional<Tier> tier = source == null ? Optional.empty() : Tier.ofSource(source.path());
            if (catalogue.control(id.get().id()).isEmpty()) {
                merge(unattributed, new Unattributed(test, source == null ? "" : source.path(), c.status(),
                        id.get().id() + " in the invocation name is no catalogue control"));
            } else if (tier.isEmpty()) {
                merge(unattributed, new Unattributed(test, "", c.status(), "names " + id.get().id() + " but "
                        + c.className() + " is no test source of " + String.join(", ", Tier.modules())));
            } else {
                merge(attributed.computeIfAbsent(id.get().id(), k -> new TreeMap<>()),
                        new Proof(test, source.path(), tier.get(), c.status(), Proof.VIA_INVOCATION_NAME));
            }
        }
    }

    /** Tier 1: each engine case proves the control whose enforcement.gatekeeper is its policy's template. */
    private static void engineResults(Catalogue catalogue, List<TestCase> cases,
            Map<String, Map<String, Proof>> attributed, Map<String, Unattributed> unattributed) {
        Map<String, String> controlsByPolicy = PolicyEngines.controlsByPolicy(catalogue);
        for (TestCase c : cases) {
            String test = c.className() + "#" + c.name();
            Optional<String> policy = PolicyEngines.policy(c.className());
            String id = policy.map(controlsByPolicy::get).orElse(null);
            if (id == null) {
                String reason = policy.isEmpty() ? "names no policy"
                        : "no catalogue control has enforcement.gatekeeper policies/library/" + policy.get() + "/template.yaml";
                merge(unattributed, new Unattributed(test, c.file(), c.status(), reason));
            } else {
                merge(attributed.computeIfAbsent(id, k -> new TreeMap<>()),
                        new Proof(test, c.file(), Tier.POLICY_ENGINE, c.status(), Proof.VIA_GATEKEEPER));
            }
        }
    }

    // A result reported twice (a rerun, two reports) is one; any failure fails it.
    private static void merge(Map<String, Proof> proofs, Proof proof) {
        proofs.merge(proof.test(), proof, (old, now) -> new Proof(old.test(), old.source(), old.tier(),
                ProofStatus.merge(old.status(), now.status()), old.via()));
    }

    private static void merge(Map<String, Unattributed> results, Unattributed result) {
        results.merge(result.test(), result, (old, now) -> new Unattributed(old.test(), old.source(),
                ProofStatus.merge(old.status(), now.status()), old.reason()));
    }

    private static void tagged(String id, Map<String, TestClass> sources, Map<String, Map<String, ProofStatus>> ran,
            Map<String, Proof> proofs) {
        for (TestClass source : sources.values()) {
            Optional<Tier> tier = Tier.ofSource(source.path());
            if (tier.isEmpty()) {
                continue;
            }
            Map<String, ProofStatus> methods = ran.getOrDefault(source.name(), Map.of());
            if (source.tags().contains(id)) {
                wholeClass(source.name(), source.path(), tier.get(), methods, source.testMethods(), Proof.VIA_CLASS_TAG,
                        proofs);
            }
            new TreeMap<>(source.methodTags()).forEach((method, tags) -> {
                if (tags.contains(id)) {
                    add(proofs, new Proof(source.name() + "#" + method, source.path(), tier.get(),
                            methods.getOrDefault(method, ProofStatus.NOT_RUN), Proof.VIA_METHOD_TAG));
                }
            });
        }
    }

    /**
     * Every test of the catalogue's e2e class, and of the classes nested in it, proves the control;
     * when none ran, every test its source declares is listed as not run, or the class itself if
     * its source declares none (it is not there, or its tests are inherited).
     */
    private static void catalogued(String path, Tier tier, Map<String, TestClass> sources,
            Map<String, Map<String, ProofStatus>> ran, Map<String, Proof> proofs) {
        String className = path.replaceFirst("^[^/]+/src/test/java/", "").replaceFirst("\\.java$", "").replace('/', '.');
        boolean listed = false;
        for (TestClass source : sources.values()) {
            if (source.path().equals(path)) {
                listed |= wholeClass(source.name(), path, tier, ran.getOrDefault(source.name(), Map.of()),
                        source.testMethods(), Proof.VIA_CATALOGUE, proofs);
            }
        }
        for (Map.Entry<String, Map<String, ProofStatus>> entry : ran.entrySet()) {
            if (entry.getKey().equals(className) || entry.getKey().startsWith(className + "$")) {
                listed |= wholeClass(entry.getKey(), path, tier, entry.getValue(), Set.of(), Proof.VIA_CATALOGUE, proofs);
            }
        }
        if (!listed) {
            add(proofs, new Proof(className, path, tier, ProofStatus.NOT_RUN, Proof.VIA_CATALOGUE));
        }
    }

    /**
     * Adds the tests of a class that ran; if none ran, the test methods it declares, as not run. A
     * class that declares no tests (a nested test profile, a helper) proves nothing. Returns whether
     * it added any.
     */
    private static boolean wholeClass(String className, String path, Tier tier, Map<String, ProofStatus> ran,
            Set<String> declaredTests, String via, Map<String, Proof> proofs) {
        if (ran.isEmpty()) {
            new TreeSet<>(declaredTests).forEach(method ->
                    add(proofs, new Proof(className + "#" + method, path, tier, ProofStatus.NOT_RUN, via)));
            return !declaredTests.isEmpty();
        }
        ran.forEach((method, status) -> add(proofs, new Proof(className + "#" + method, path, tier, status, via)));
        return true;
    }

    private static void audited(String id, ChartAudit audit, Map<String, Proof> proofs) {
        ChartAudit.Outcome outcome = audit.controls().get(id);
        // A waived control is an accepted risk, not a proof either way.
        if (outcome == null || !outcome.status().isChecked() || outcome.status() == ControlStatus.WAIVED) {
            return;
        }
        boolean passed = outcome.status() == ControlStatus.PASS;
        add(proofs, new Proof("ward-kit audit of " + id + " (" + Path.of(audit.file()).getFileName() + ")", audit.file(),
                Tier.CHART_AUDIT,
                passed ? ProofStatus.PASSED : ProofStatus.FAILED,
                passed ? "audit PASS" : "audit FAIL (" + outcome.findings() + (outcome.findings() == 1 ? " finding)" : " findings)")));
    }

    // One entry per test: a test that counts for several reasons says all of them.
    private static void add(Map<String, Proof> proofs, Proof proof) {
        proofs.merge(proof.test(), proof, (old, now) -> old.via().contains(now.via()) ? old
                : new Proof(old.test(), old.source(), old.tier(), old.status(), old.via() + ", " + now.via()));
    }

    private static ControlEvidence evaluate(Control control, List<Proof> proofs) {
        List<Proof> executed = proofs.stream().filter(Proof::executed).toList();
        List<Proof> failed = executed.stream().filter(p -> p.status() == ProofStatus.FAILED).toList();
        EvidenceResult result;
        Tier tier;
        if (!failed.isEmpty()) {
            result = EvidenceResult.FAILED;
            tier = failed.get(0).tier();
        } else if (!executed.isEmpty()) {
            result = EvidenceResult.PROVEN;
            tier = executed.get(0).tier();
        } else if (!proofs.isEmpty()) {
            result = EvidenceResult.NOT_RUN;
            tier = proofs.get(0).tier();
        } else {
            result = EvidenceResult.UNPROVEN;
            tier = null;
        }
        String planned = control.enforcement() == null || control.enforcement().planned() == null ? null
                : control.enforcement().planned().strip();
        return new ControlEvidence(control.id(), control.title(), control.severity(), result, tier, proofs, planned,
                new TreeMap<>(control.mappings()));
    }

    private static List<String> unknownTags(Catalogue catalogue, Map<String, TestClass> sources) {
        List<String> warnings = new ArrayList<>();
        for (TestClass source : sources.values()) {
            List<String> tags = new ArrayList<>(source.tags());
            source.methodTags().values().forEach(tags::addAll);
            tags.stream().filter(t -> CONTROL_TAG.matcher(t).matches() && catalogue.control(t).isEmpty()).distinct()
                    .sorted().forEach(t -> warnings.add(source.path() + ": @Tag(\"" + t + "\") names no catalogue control"));
        }
        return warnings;
    }
}
