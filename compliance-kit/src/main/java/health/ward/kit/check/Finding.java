package health.ward.kit.check;

import java.util.Comparator;

/**
 * One violation of one control by one object.
 *
 * @param path the field to change, relative to the object (e.g. {@code spec.securityContext.runAsNonRoot})
 * @param origin where the object the finding points at was read from
 */
public record Finding(String controlId, String file, String kind, String namespace, String name, String path,
        String message, Origin origin) {

    public Finding(String controlId, String file, String kind, String namespace, String name, String path, String message) {
        this(controlId, file, kind, namespace, name, path, message, Origin.UNKNOWN);
    }

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
                message, resource.origin());
    }

    /**
     * A finding about something that is not itself in the input (a namespace, a missing policy),
     * pointed at the object that stands for it: its file and place in the file.
     */
    public static Finding near(String controlId, Resource resource, String kind, String namespace, String name,
            String path, String message) {
        return new Finding(controlId, resource.file(), kind, namespace, name, path, message, resource.origin());
    }
}
