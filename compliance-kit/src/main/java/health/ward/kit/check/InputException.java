package health.ward.kit.check;

/** The audited input cannot be read or is not Kubernetes YAML; ward-kit exits 1 with this message. */
public class InputException extends Exception {

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    public InputException(String message) {
        super(message);
    }
}
