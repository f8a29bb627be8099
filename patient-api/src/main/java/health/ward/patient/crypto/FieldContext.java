package health.ward.patient.crypto;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Where a ciphertext lives: table, column and row. Used as AES-GCM associated data, so a ciphertext
 * copied into another row or column fails authentication instead of decrypting there.
 */
public record FieldContext(String table, String column, UUID rowId) {

    byte[] associatedData() {
        return ("ward:v1|" + table + "|" + column + "|" + rowId).getBytes(StandardCharsets.UTF_8);
    }
}
