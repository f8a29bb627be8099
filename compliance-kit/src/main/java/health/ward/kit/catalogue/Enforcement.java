package health.ward.kit.catalogue;

/**
 * Where a control is enforced or proven. Every field names something that exists: a class
 * ({@code checker}), a path relative to the compliance-kit module ({@code gatekeeper}), or a path
 * relative to the repository root ({@code chart}, {@code platform} for cluster configuration under
 * k8s/, {@code e2e}). {@code planned} says in words who will enforce it when nothing exists yet, so
 * that a reader never mistakes a plan for a proof.
 */
public record Enforcement(String checker, String gatekeeper, String chart, String platform, String e2e,
        String planned) {

    public boolean isEmpty() {
        return isBlank(checker) && isBlank(gatekeeper) && isBlank(chart) && isBlank(platform) && isBlank(e2e)
                && isBlank(planned);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
