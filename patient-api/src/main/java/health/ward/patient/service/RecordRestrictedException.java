package health.ward.patient.service;

/** GDPR Art. 18: the record's processing is restricted; clinicians need break-glass to read it. */
public class RecordRestrictedException extends AccessRefusedException {

    public RecordRestrictedException() {
        super("record restricted");
    }
}
