package health.ward.patient.service;

/** No erasure request with that id — or none the caller may see, answered the same way. */
public class ErasureRequestNotFoundException extends RuntimeException {

    public ErasureRequestNotFoundException() {
        super("no such erasure request");
    }
}
