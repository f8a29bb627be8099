package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * GDPR Art. 16: a rectification is audited with digests of each changed field's old and new value,
 * never the values. A plain hash of a birth date or a name is reversed by trying candidates, so the
 * digest is an HMAC under a key derived from the subject's own data key: whoever can read the record
 * can check a claimed old value against the audit trail; nobody else learns anything, and once the
 * subject is erased the digests mean nothing to anyone.
 */
public final class ChangeDigests {

    private static final byte[] LABEL = "ward-rectification-digest-v1".getBytes(StandardCharsets.UTF_8);

    private ChangeDigests() {
    }

    /**
     * {@code {"rectified":{"field":{"old":"…","new":"…"},…}}} over the fields whose values differ,
     * in field-name order; {@code null} when nothing changed.
     */
    public static String describe(SecretKey subjectKey, Map<String, String> before, Map<String, String> after) {
        TreeMap<String, String> changed = new TreeMap<>();
        for (String field : after.keySet()) {
            String old = before.get(field);
            String updated = after.get(field);
            if (!Objects.equals(old, updated)) {
                changed.put(field, "{\"old\":\"" + digest(subjectKey, field, old) + "\",\"new\":\""
                        + digest(subjectKey, field, updated) + "\"}");
            }
        }
        if (changed.isEmpty()) {
            return null;
        }
        StringBuilder json = new StringBuilder("{\"rectified\":{");
        changed.forEach((field, digests) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",")
                .append('"').append(field).append("\":").append(digests));
        return json.append("}}").toString();
    }

    /** HMAC-SHA256(HMAC-SHA256(subject key, label), field NUL value), first 128 bits, base64url. */
    public static String digest(SecretKey subjectKey, String field, String value) {
        try {
            Mac derive = Mac.getInstance("HmacSHA256");
            derive.init(new SecretKeySpec(subjectKey.getEncoded(), "HmacSHA256"));
            byte[] digestKey = derive.doFinal(LABEL);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digestKey, "HmacSHA256"));
            mac.update((field + "\u0000").getBytes(StandardCharsets.UTF_8));
            byte[] out = mac.doFinal(value == null ? new byte[] { 1 } : ("\u0002" + value).getBytes(StandardCharsets.UTF_8));
            Arrays.fill(digestKey, (byte) 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(out, 16));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
