package health.ward.patient.fhir;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

import ca.uhn.fhir.context.FhirContext;
import health.ward.patient.config.WardConfig;
import health.ward.patient.rest.AccessLogEntry;
import health.ward.patient.rest.NoteView;
import health.ward.patient.rest.ObservationView;
import health.ward.patient.rest.PatientView;

/**
 * A subject's data as a FHIR R4 collection Bundle (GDPR Art. 15/20 portability): Patient,
 * Observations, notes as DocumentReferences, one AuditEvent per access to the record, and a
 * processing notice (a DocumentReference) with the purposes of processing and the retention periods
 * (Art. 15(1)(a) and (d)).
 */
@ApplicationScoped
public class FhirExport {

    public static final String MEDIA_TYPE = "application/fhir+json";
    /** Ward's own identifier and code systems: ids and codes are Ward's, not a national registry's. */
    static final String IDENTIFIER_SYSTEM = "urn:ward:patient-identifier";
    static final String CODE_SYSTEM = "urn:ward:observation-code";

    /** HL7 v3 PurposeOfUse codes Ward processes under, and what each means here. */
    static final java.util.Map<String, String> PURPOSES = new java.util.LinkedHashMap<>();
    static {
        PURPOSES.put("TREAT", "treatment by clinicians of the record's organization");
        PURPOSES.put("ETREAT", "emergency treatment by another organization (break-glass, time-boxed, audited)");
        PURPOSES.put("HOPERAT", "healthcare operations: retention and erasure performed by Ward itself");
        PURPOSES.put("PATRQT", "your own requests: access, export, erasure");
    }

    private final FhirContext fhir = FhirContext.forR4Cached();
    private final WardConfig.SubjectRights rights;

    FhirExport(WardConfig config) {
        this.rights = config.subjectRights();
    }

    public String toJson(PatientView patient, List<ObservationView> observations, List<NoteView> notes,
            List<AccessLogEntry> accessLog) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(new Date());
        String patientRef = "urn:uuid:" + patient.id();
        add(bundle, patientRef, patient(patient));
        for (ObservationView o : observations) {
            add(bundle, "urn:uuid:" + o.id(), observation(o, patientRef));
        }
        for (NoteView n : notes) {
            add(bundle, "urn:uuid:" + n.id(), note(n, patientRef));
        }
        for (AccessLogEntry e : accessLog) {
            add(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), audit(e, patientRef));
        }
        add(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), processingNotice(patientRef));
        return fhir.newJsonParser().setPrettyPrint(false).encodeResourceToString(bundle);
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    private static Patient patient(PatientView p) {
        Patient patient = new Patient();
        patient.addIdentifier(new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(p.identifier()));
        HumanName name = patient.addName().setFamily(p.name().family());
        p.name().given().forEach(name::addGiven);
        patient.setBirthDate(date(p.birthDate()));
        patient.setGender(Enumerations.AdministrativeGender.fromCode(p.sex()));
        if (p.telecom() != null) {
            patient.addTelecom(new ContactPoint().setSystem(p.telecom().startsWith("mailto:")
                    ? ContactPoint.ContactPointSystem.EMAIL : ContactPoint.ContactPointSystem.PHONE).setValue(p.telecom()));
        }
        if (p.address() != null) {
            patient.addAddress().setText(p.address());
        }
        return patient;
    }

    private static Observation observation(ObservationView o, String patientRef) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding(CODE_SYSTEM, o.code(), o.display())));
        observation.setSubject(new Reference(patientRef));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(Date.from(o.effective().toInstant())));
        observation.setValue(new StringType(o.unit() == null ? o.value() : o.value() + " " + o.unit()));
        return observation;
    }

    private static DocumentReference note(NoteView n, String patientRef) {
        DocumentReference doc = new DocumentReference();
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setSubject(new Reference(patientRef));
        doc.setDate(Date.from(n.recordedAt().toInstant()));
        doc.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
                .setData(n.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return doc;
    }

    /** What Ward processes this record for and how long it keeps each part: plain text for a person. */
    private DocumentReference processingNotice(String patientRef) {
        StringBuilder text = new StringBuilder("Purposes of processing (HL7 v3 PurposeOfUse):\n");
        PURPOSES.forEach((code, meaning) -> text.append("- ").append(code).append(": ").append(meaning).append('\n'));
        text.append("Retention (ISO 8601 periods):\n")
                .append("- patient record: ").append(rights.patientRetention()).append(" after its last activity\n")
                .append("- observations: ").append(rights.observationRetention()).append(" after they were recorded\n")
                .append("- notes: ").append(rights.noteRetention()).append(" after they were recorded\n")
                .append("A legal hold can extend retention; erasure destroys the record's key material.\n");
        DocumentReference doc = new DocumentReference();
        doc.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        doc.setSubject(new Reference(patientRef));
        doc.setDate(new Date());
        doc.setType(new CodeableConcept().setText("Processing purposes and retention periods"));
        doc.setDescription("Processing purposes and retention periods (GDPR Art. 15(1)(a), (d); POPIA s18)");
        doc.addContent().setAttachment(new Attachment().setContentType("text/plain; charset=utf-8")
                .setData(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return doc;
    }

    private static AuditEvent audit(AccessLogEntry e, String patientRef) {
        AuditEvent event = new AuditEvent();
        event.setType(new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"));
        event.setAction(switch (e.action()) {
            case "CREATE" -> AuditEvent.AuditEventAction.C;
            case "UPDATE" -> AuditEvent.AuditEventAction.U;
            case "DELETE" -> AuditEvent.AuditEventAction.D;
            case "READ", "SEARCH", "EXPORT" -> AuditEvent.AuditEventAction.R;
            default -> AuditEvent.AuditEventAction.E;
        });
        event.setRecorded(Date.from(e.occurredAt().toInstant()));
        event.setOutcome("SUCCESS".equals(e.outcome()) ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
        event.setOutcomeDesc(e.outcome());
        AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true);
        agent.setWho(new Reference().setDisplay(e.actor() == null ? "unknown" : e.actor()));
        e.roles().forEach(r -> agent.addRole(new CodeableConcept().setText(r)));
        agent.addPurposeOfUse(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason",
                e.purposeOfUse(), null)));
        event.setSource(new AuditEvent.AuditEventSourceComponent().setObserver(new Reference().setDisplay("Ward patient-api")));
        event.addEntity().setWhat(new Reference(patientRef)).setDescription(e.resourceType());
        return event;
    }

    private static Date date(LocalDate date) {
        return Date.from(date.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

}
