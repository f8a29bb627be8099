package health.ward.patient.service;

import java.util.UUID;

public class PatientNotFoundException extends RuntimeException {

    public PatientNotFoundException(UUID id) {
        super("patient " + id + " not found");
    }
}
