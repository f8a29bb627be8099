package health.ward.kit.waiver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import health.ward.kit.catalogue.Catalogue;
import health.ward.kit.check.Finding;
import health.ward.kit.check.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An exceptions file: findings accepted on purpose, each by control, resource, reason, owner and
 * expiry. A waiver never hides a finding: every report shows it as waived, with its reason.
 *
 * <pre>
 * waivers:
 *   - control: WARD-NET-003
 *     resource: {kind: Service, namespace: clinic, name: status-page}   # each field optional, * globs
 *     reason: Public status page, no PHI behind it (risk review RR-12)
 *     owner: platform-team@example.org
 *     expires: 2027-03-31                                              # last day it applies
 * </pre>
 *
 * Hand-written rather than bound to a schema library: the checks are few, and each error must
 * name the waiver and field in one line.
 */
public record Waivers(String file, List<Waiver> waivers) {

    public static final Waivers NONE = new Waivers("", List.of());

    private static final Set<String> FIELDS = Set.of("control", "resource", "reason", "owner", "expires");
    private static final Set<String> SELECTOR_FIELDS = Set.of("kind", "namespace", "name");
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * One accepted finding pattern.
     *
     * @param number its position in the file, from 1, for messages
     * @param kind   null (any), an exact kind or a glob with *; likewise namespace and name
     * @param expires ISO date, the last day the waiver applies (UTC)
     */
    public record Waiver(int number, String control, String kind, String namespace, String name, String reason,
            String owner, String expires) {

        public boolean matches(Finding finding) {
            return control.equals(finding.controlId()) && glob(kind, finding.kind()) && glob(namespace, finding.namespace())
                    && glob(name, finding.name());
        }

        public boolean expiredOn(LocalDate day) {
            return LocalDate.parse(expires).isBefore(day);
        }

        /** "waiver 2 (WARD-NET-003 Service/clinic/status-page)". */
        public String label() {
            return "waiver " + number + " (" + control + " " + or(kind) + "/" + or(namespace) + "/" + or(name) + ")";
        }

        /** How reports mark a finding it covers: "waived until 2027-03-31 by owner: reason". */
        public String note() {
            return "waived until " + expires + " by " + owner + ": " + reason;
        }

        private static String or(String value) {
            return value == null ? "*" : value;
        }

        private static boolean glob(String pattern, String value) {
            if (pattern == null) {
                return true;
            }
            if (!pattern.contains("*")) {
                return pattern.equals(value);
            }
            List<String> parts = new ArrayList<>();
            for (String part : pattern.split("\\*", -1)) {
                parts.add(Pattern.quote(part));
            }
            return value.matches(String.join(".*", parts));
        }
    }

    /** Reads and validates the file; every problem is an {@link InputException} naming the waiver and field. */
    public static Waivers read(Path file, Catalogue catalogue) throws InputException {
        JsonNode root;
        try {
            if (!Files.isRegularFile(file)) {
                throw new InputException("--waivers " + file + ": no such file");
            }
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InputException("--waivers " + file + ": invalid YAML: "
                    + String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " ").strip(), e);
        } catch (IOException e) {
            throw new InputException("--waivers " + file + ": cannot read: " + e.getMessage(), e);
        }
        String where = "--waivers " + file + ": ";
        if (root == null || !root.path("waivers").isArray()) {
            throw new InputException(where + "expected a top-level 'waivers:' list");
        }
        List<Waiver> waivers = new ArrayList<>();
        int number = 0;
        for (JsonNode entry : root.path("waivers")) {
            number++;
            String at = where + "waiver " + number + ": ";
            if (!entry.isObject()) {
                throw new InputException(at + "expected a map with control, resource, reason, owner, expires");
            }
            unknownFields(entry, FIELDS, at);
            String control = required(entry, "control", at);
            if (catalogue.control(control).isEmpty()) {
                throw new InputException(at + "control '" + control + "' is not in the catalogue");
            }
            JsonNode resource = entry.path("resource");
            if (!resource.isObject() || resource.isEmpty()) {
                throw new InputException(at + "'resource' must name at least one of kind, namespace, name;"
                        + " a waiver for every object of a control would switch the control off");
            }
            unknownFields(resource, SELECTOR_FIELDS, at + "resource: ");
            String expires = required(entry, "expires", at);
            try {
                LocalDate.parse(expires);
            } catch (DateTimeParseException e) {
                throw new InputException(at + "expires '" + expires + "' is not a date (YYYY-MM-DD)", e);
            }
            waivers.add(new Waiver(number, control, optional(resource, "kind"), optional(resource, "namespace"),
                    optional(resource, "name"), required(entry, "reason", at), required(entry, "owner", at), expires));
        }
        if (waivers.isEmpty()) {
            throw new InputException(where + "the 'waivers:' list is empty");
        }
        return new Waivers(file.toString(), List.copyOf(waivers));
    }

    /** The waiver that covers the finding, if any: the first in file order that matches. */
    public Optional<Waiver> covering(Finding finding, LocalDate day) {
        return waivers.stream().filter(w -> !w.expiredOn(day) && w.matches(finding)).findFirst();
    }

    public List<Waiver> expired(LocalDate day) {
        return waivers.stream().filter(w -> w.expiredOn(day)).toList();
    }

    private static void unknownFields(JsonNode node, Set<String> known, String at) throws InputException {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InputException(at + "unknown field '" + name + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String required(JsonNode entry, String field, String at) throws InputException {
        JsonNode value = entry.path(field);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new InputException(at + "'" + field + "' is required");
        }
        return value.asText().strip();
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.asText().isBlank() ? value.asText().strip() : null;
    }
}
