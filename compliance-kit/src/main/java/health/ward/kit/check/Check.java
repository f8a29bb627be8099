package health.ward.kit.check;

import java.util.List;

/** The logic of one catalogue control; its metadata and mappings live in the catalogue. */
public interface Check {

    String controlId();

    /** Checks the whole audited set at once, because some controls relate objects to each other. */
    List<Finding> check(List<Resource> resources);

    /**
     * Whether the input holds anything this control judges; when not, the control is reported
     * NOT_APPLICABLE rather than PASS. By default: any object of one of the control's target kinds.
     */
    default boolean appliesTo(List<Resource> resources, List<String> targetKinds) {
        return resources.stream().anyMatch(r -> targetKinds.contains(r.kind()));
    }
}
