package health.ward.kit.catalogue;

/** The catalogue shipped in the jar is missing or malformed: a build defect, not a user error. */
public class CatalogueException extends RuntimeException {

    public CatalogueException(String message, Throwable cause) {
        super(message, cause);
    }

    public CatalogueException(String message) {
        super(message);
    }
}
