package health.ward.kit.check;

/**
 * Where an object was read from, for reports that point into files (SARIF).
 *
 * @param line the line (from 1) where its YAML document starts; 0 when unknown (e.g. read from a cluster)
 * @param item its position in a {@code kind: List} document, or -1
 * @param template the chart template helm rendered it from (its {@code # Source:} comment), or null
 */
public record Origin(int line, int item, String template) {

    public static final Origin UNKNOWN = new Origin(0, -1, null);
}
