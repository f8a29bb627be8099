package health.ward.kit.check;

import java.util.List;
import java.util.regex.Pattern;

/**
 * WARD-POL-007, same semantics and messages as policies/src/ward-pol-007-image-digest: a tag may
 * accompany the digest, since the runtime pulls by digest and the tag only documents it.
 */
public final class ImageDigestCheck extends ContainerCheck {

    public static final String CONTROL_ID = "WARD-POL-007";

    private static final Pattern DIGEST = Pattern.compile("@sha256:[a-f0-9]{64}$");

    @Override
    public String controlId() {
        return CONTROL_ID;
    }

    @Override
    void check(Resource resource, PodSpecs.Container container, List<Finding> findings) {
        String image = container.node().path("image").asText("");
        if (DIGEST.matcher(image).find()) {
            return;
        }
        String path = container.path() + ".image";
        findings.add(finding(resource, path, container.label() + " image \"" + image + "\" is not pinned by digest; set "
                + path + " to the image name followed by @sha256:<digest>"));
    }
}
