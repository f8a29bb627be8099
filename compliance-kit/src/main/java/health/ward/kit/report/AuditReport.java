package health.ward.kit.report;

import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.catalogue.ClauseRef;
import health.ward.kit.catalogue.Control;
import health.ward.kit.catalogue.Framework;
import health.ward.kit.check.Check;
import health.ward.kit.check.Finding;
import health.ward.kit.check.Resource;
import health.ward.kit.check.ResourceIndex;
import health.ward.kit.waiver.Waivers;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything one audit found, in a fixed order, ready for any output format.
 *
 * @param findings the findings no waiver covers: these fail the audit
 * @param waived the findings a waiver covers, shown as waived in every format
 */
public record AuditReport(List<Finding> findings, List<WaivedFinding> waived, List<ControlResult> controls,
        List<FrameworkScore> frameworks) {

    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** The numbers of the waivers that covered at least one finding. */
    public Set<Integer> usedWaivers() {
        Set<Integer> used = new TreeSet<>();
        waived.forEach(w -> used.add(w.waiver().number()));
        return used;
    }

    /**
     * Runs the checks of every catalogue control (only those mapped to {@code frameworkFilter} when
     * given) against the resources and scores each framework over the controls that were checked.
     */
    public static AuditReport run(Catalogue catalogue, Map<String, Check> checks, List<Resource> resources,
            Optional<String> frameworkFilter) {
        return run(catalogue, checks, resources, frameworkFilter, Waivers.NONE, LocalDate.now(ZoneOffset.UTC));
    }

    /** As above; findings that a waiver unexpired on {@code day} covers are reported as waived. */
    public static AuditReport run(Catalogue catalogue, Map<String, Check> checks, List<Resource> resources,
            Optional<String> frameworkFilter, Waivers waivers, LocalDate day) {
        // Indexed once: every checker reads the same index instead of scanning the input again.
        ResourceIndex index = ResourceIndex.of(resources);
        List<Finding> findings = new ArrayList<>();
        List<WaivedFinding> waived = new ArrayList<>();
        List<ControlResult> controls = new ArrayList<>();
        for (Control control : catalogue.controls()) {
            if (frameworkFilter.isPresent() && !control.mapsTo(frameworkFilter.get())) {
                continue;
            }
            Check check = checks.get(control.id());
            List<Finding> own = new ArrayList<>();
            List<WaivedFinding> ownWaived = new ArrayList<>();
            ControlStatus status;
            if (check == null) {
                status = ControlStatus.NOT_CHECKED;
            } else if (!check.appliesTo(index, control.targetKinds())) {
                status = ControlStatus.NOT_APPLICABLE;
            } else {
                // Identical findings (e.g. one policy judged for two same-named inputs) say nothing new.
                for (Finding finding : check.check(index).stream().distinct().toList()) {
                    waivers.covering(finding, day).ifPresentOrElse(w -> ownWaived.add(new WaivedFinding(finding, w)),
                            () -> own.add(finding));
                }
                status = !own.isEmpty() ? ControlStatus.FAIL : ownWaived.isEmpty() ? ControlStatus.PASS : ControlStatus.WAIVED;
            }
            findings.addAll(own);
            waived.addAll(ownWaived);
            controls.add(new ControlResult(control.id(), control.title(), control.severity(), status, own.size(),
                    ownWaived.size(), mappingsFor(control, frameworkFilter)));
        }
        findings.sort(Finding.ORDER);
        waived.sort(Comparator.comparing(WaivedFinding::finding, Finding.ORDER));
        return new AuditReport(List.copyOf(findings), List.copyOf(waived), List.copyOf(controls),
                score(catalogue, controls, frameworkFilter));
    }

    private static Map<String, List<ClauseRef>> mappingsFor(Control control, Optional<String> frameworkFilter) {
        Map<String, List<ClauseRef>> mappings = new TreeMap<>(control.mappings());
        frameworkFilter.ifPresent(id -> mappings.keySet().retainAll(List.of(id)));
        return mappings;
    }

    private static List<FrameworkScore> score(Catalogue catalogue, List<ControlResult> controls,
            Optional<String> frameworkFilter) {
        Map<String, FrameworkScore> scores = new LinkedHashMap<>();
        for (Framework framework : catalogue.frameworks()) {
            if (frameworkFilter.isPresent() && !frameworkFilter.get().equals(framework.id())) {
                continue;
            }
            List<ControlResult> checked = controls.stream()
                    .filter(c -> c.status().isChecked() && c.mappings().containsKey(framework.id()))
                    .toList();
            int passed = (int) checked.stream().filter(c -> c.status() == ControlStatus.PASS).count();
            int waived = (int) checked.stream().filter(c -> c.status() == ControlStatus.WAIVED).count();
            Double percent = checked.isEmpty() ? null : Math.round(1000.0 * (passed + waived) / checked.size()) / 10.0;
            scores.put(framework.id(), new FrameworkScore(framework.id(), framework.name(), passed, waived, checked.size(),
                    percent));
        }
        return List.copyOf(scores.values());
    }
}
