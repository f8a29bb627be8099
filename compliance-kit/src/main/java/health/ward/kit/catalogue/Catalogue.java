package health.ward.kit.catalogue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The control catalogue, read from the classpath so the CLI works from its jar alone. */
public final class Catalogue {

    static final String ROOT = "catalogue/";

    // Unknown fields fail the load: a typo in a control file must not silently drop a mapping.
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, Control> controls;
    private final Map<String, Framework> frameworks;

    private Catalogue(Map<String, Control> controls, Map<String, Framework> frameworks) {
        this.controls = controls;
        this.frameworks = frameworks;
    }

    public static Catalogue load() {
        Index index = read(ROOT + "index.yaml", Index.class);
        Map<String, Framework> frameworks = new TreeMap<>();
        for (String id : index.frameworks()) {
            frameworks.put(id, read(ROOT + "frameworks/" + id + ".yaml", Framework.class));
        }
        Map<String, Control> controls = new TreeMap<>();
        for (String id : index.controls()) {
            controls.put(id, read(ROOT + "controls/" + id + ".yaml", Control.class));
        }
        return new Catalogue(controls, frameworks);
    }

    /** Controls sorted by id. */
    public Collection<Control> controls() {
        return controls.values();
    }

    public Optional<Control> control(String id) {
        return Optional.ofNullable(controls.get(id));
    }

    /** Frameworks sorted by id. */
    public Collection<Framework> frameworks() {
        return frameworks.values();
    }

    public Optional<Framework> framework(String id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = Catalogue.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new CatalogueException("catalogue resource missing from the classpath: " + resource);
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new CatalogueException("cannot read catalogue resource " + resource + ": " + e.getMessage(), e);
        }
    }

    record Index(List<String> frameworks, List<String> controls) {
    }
}
