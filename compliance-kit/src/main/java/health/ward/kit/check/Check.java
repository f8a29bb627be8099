package health.ward.kit.check;

import java.util.List;

/** The logic of one catalogue control; its metadata and mappings live in the catalogue. */
public interface Check {

    String controlId();

    /**
     * Checks the whole audited set at once, because some controls relate objects to each other.
     * The index is built once per audit; relating objects through it keeps the audit linear.
     */
    List<Finding> check(ResourceIndex index);

    /** For callers holding a plain list (tests, one-off checks): indexes it and checks it. */
    default List<Finding> check(List<Resource> resources) {
        return check(ResourceIndex.of(resources));
    }

    /**
     * Whether the input holds anything this control judges; when not, the control is reported
     * NOT_APPLICABLE rather than PASS. By default: any object of one of the control's target kinds.
     */
    default boolean appliesTo(ResourceIndex index, List<String> targetKinds) {
        return index.hasAnyKind(targetKinds);
    }
}
