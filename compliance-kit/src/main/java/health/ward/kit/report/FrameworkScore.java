package health.ward.kit.report;

/**
 * Share of the checked controls mapped to a framework that passed or whose every finding is
 * waived; {@code waived} says how many of those are waived. Null percent when none was checked.
 */
public record FrameworkScore(String id, String name, int passed, int waived, int checked, Double percent) {
}
