package health.ward.kit.check;

import java.util.Comparator;

/**
 * One violation of one control by one object.
 *
 * @param path the field to change, relative to the object (e.g. {@code spec.securityContext.runAsNonRoot})
 */
public record Finding(String controlId, String file, String kind, String namespace, String name, String path,
        String message) {

    /** Output order: stable across runs and platforms, independent of input or check order. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::controlId)
            .thenComparing(Finding::file)
            .thenComparing(Finding::kind)
            .thenComparing(Finding::namespace)
            .thenComparing(Finding::name)
            .thenComparing(Finding::path)
            .thenComparing(Finding::message);

    public static Finding of(String controlId, Resource resource, String path, String message) {
        return new Finding(controlId, resource.file(), resource.kind(), resource.namespace(), resource.name(), path,
                message);
    }
}
