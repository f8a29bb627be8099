package health.ward.kit.check;

import java.util.ArrayList;
import java.util.List;

/** A control judged container by container, over every pod spec in the input. */
abstract class ContainerCheck implements Check {

    @Override
    public final List<Finding> check(ResourceIndex index) {
        List<Resource> resources = index.workloads();
        List<Finding> findings = new ArrayList<>();
        for (Resource resource : resources) {
            for (PodSpecs.Container container : PodSpecs.containers(resource)) {
                check(resource, container, findings);
            }
        }
        AdmissionConstraints.check(controlId(), index, findings);
        return findings;
    }

    abstract void check(Resource resource, PodSpecs.Container container, List<Finding> findings);

    Finding finding(Resource resource, String path, String message) {
        return Finding.of(controlId(), resource, path, message);
    }
}
