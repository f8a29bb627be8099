package health.ward.patient.crypto;

/** Vault/OpenBao could not produce or unwrap a data key; no PHI can be read or written. */
public class KeyServiceUnavailableException extends RuntimeException {

    public KeyServiceUnavailableException(String operation, Throwable cause) {
        super("key service unavailable during " + operation, cause);
    }
}
