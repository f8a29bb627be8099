package health.ward.testing;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import health.ward.patient.repository.PatientEntity;
import health.ward.patient.service.RecordIntegrity;

/**
 * Fixture set-up that Ward itself could have written: changes through the application's own key, so
 * the record's authorization MAC stays valid. The opposite of the attacks, which write with SQL alone.
 */
@ApplicationScoped
public class TrustedWrites {

    private final RecordIntegrity integrity;
    private final health.ward.patient.service.PatientService patients;

    TrustedWrites(RecordIntegrity integrity, health.ward.patient.service.PatientService patients) {
        this.integrity = integrity;
        this.patients = patients;
    }

    /** GDPR Art. 18 restriction, as the DPO's RESTRICT decision sets it. */
    @Transactional
    public void restrict(String patientId) {
        patients.restrict(PatientEntity.findById(UUID.fromString(patientId)));
    }

    /** As if the record had been created by another organization. */
    @Transactional
    public void moveToOrganization(String patientId, String organization) {
        PatientEntity patient = PatientEntity.findById(UUID.fromString(patientId));
        patient.organization = organization;
        integrity.seal(patient);
    }
}
