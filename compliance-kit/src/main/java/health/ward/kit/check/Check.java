package health.ward.kit.check;

import java.util.List;

/** The logic of one catalogue control; its metadata and mappings live in the catalogue. */
public interface Check {

    String controlId();

    /** Checks the whole audited set at once, because some controls relate objects to each other. */
    List<Finding> check(List<Resource> resources);
}
