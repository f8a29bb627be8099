package health.ward.patient.service;

import java.util.UUID;

/** No such patient — or one the caller may not know exists, answered the same way. */
public class PatientNotFoundException extends AccessRefusedException {

    public PatientNotFoundException(UUID id) {
        super("patient " + id + " not found");
    }
}
