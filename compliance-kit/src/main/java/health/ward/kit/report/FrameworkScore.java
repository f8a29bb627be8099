package health.ward.kit.report;

/** Share of the checked controls mapped to a framework that passed; null percent when none was checked. */
public record FrameworkScore(String id, String name, int passed, int checked, Double percent) {
}
