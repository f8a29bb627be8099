package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a ciphertext lives: table, column, row and, for rows Ward rewrites (patient), the row's
 * version. Used as AES-GCM associated data, so a ciphertext copied into another row or column fails
 * authentication instead of decrypting there, and so does an older ciphertext of the same row and
 * column once the row has moved to a newer version (the older-ciphertext swap). Version -1: a row
 * that is never rewritten (observation, note, grant, erasure request), bound as before versions existed.
 */
public record FieldContext(String table, String column, UUID rowId, long version) {

    public FieldContext(String table, String column, UUID rowId) {
        this(table, column, rowId, -1);
    }

    byte[] associatedData() {
        String place = table + "|" + column + "|" + rowId;
        return (version < 0 ? "ward:v1|" + place : "ward:v2|" + place + "|" + version).getBytes(StandardCharsets.UTF_8);
    }
}
