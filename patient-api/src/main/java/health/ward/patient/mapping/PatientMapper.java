package health.ward.patient.mapping;

import java.time.LocalDate;
import java.util.List;

import javax.crypto.SecretKey;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import health.ward.patient.crypto.FieldCipher;
import health.ward.patient.crypto.FieldContext;
import health.ward.patient.repository.PatientEntity;
import health.ward.patient.rest.HumanName;
import health.ward.patient.rest.PatientCreate;
import health.ward.patient.rest.PatientView;

/** The only place where patient PHI crosses between API records and ciphertext columns. */
@ApplicationScoped
public class PatientMapper {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final FieldCipher cipher;
    private final ObjectMapper json;

    PatientMapper(FieldCipher cipher, ObjectMapper json) {
        this.cipher = cipher;
        this.json = json;
    }

    /** Encrypts every PHI field of {@code in} into {@code entity}, whose id must already be set. */
    public void seal(PatientCreate in, PatientEntity entity, SecretKey key) {
        entity.identifierCt = cipher.seal(key, in.identifier(), field(entity, "identifier_ct"));
        entity.familyCt = cipher.seal(key, in.name().family(), field(entity, "family_ct"));
        entity.givenCt = cipher.seal(key, toJson(in.name().given()), field(entity, "given_ct"));
        entity.birthDateCt = cipher.seal(key, in.birthDate().toString(), field(entity, "birth_date_ct"));
        entity.sexCt = cipher.seal(key, in.sex(), field(entity, "sex_ct"));
        entity.telecomCt = cipher.seal(key, in.telecom(), field(entity, "telecom_ct"));
        entity.addressCt = cipher.seal(key, in.address(), field(entity, "address_ct"));
        entity.accountUsernameCt = cipher.seal(key, in.accountUsername(), field(entity, "account_username_ct"));
    }

    public PatientView open(PatientEntity entity, SecretKey key) {
        return new PatientView(
                entity.id,
                entity.organization,
                cipher.open(key, entity.identifierCt, field(entity, "identifier_ct")),
                new HumanName(
                        cipher.open(key, entity.familyCt, field(entity, "family_ct")),
                        fromJson(cipher.open(key, entity.givenCt, field(entity, "given_ct")))),
                LocalDate.parse(cipher.open(key, entity.birthDateCt, field(entity, "birth_date_ct"))),
                cipher.open(key, entity.sexCt, field(entity, "sex_ct")),
                cipher.open(key, entity.telecomCt, field(entity, "telecom_ct")),
                cipher.open(key, entity.addressCt, field(entity, "address_ct")),
                cipher.open(key, entity.accountUsernameCt, field(entity, "account_username_ct")));
    }

    /** Every PHI field as stored (before encryption), keyed by column: what rectification compares. */
    public java.util.Map<String, String> fields(PatientView view) {
        return fields(view.identifier(), view.name(), view.birthDate(), view.sex(), view.telecom(), view.address(),
                view.accountUsername());
    }

    public java.util.Map<String, String> fields(PatientCreate in) {
        return fields(in.identifier(), in.name(), in.birthDate(), in.sex(), in.telecom(), in.address(), in.accountUsername());
    }

    private java.util.Map<String, String> fields(String identifier, HumanName name, LocalDate birthDate, String sex,
            String telecom, String address, String accountUsername) {
        java.util.Map<String, String> values = new java.util.HashMap<>();
        values.put("identifier", identifier);
        values.put("family", name.family());
        values.put("given", toJson(name.given()));
        values.put("birthDate", birthDate.toString());
        values.put("sex", sex);
        values.put("telecom", telecom);
        values.put("address", address);
        values.put("accountUsername", accountUsername);
        return values;
    }

    /**
     * Bound to the row's version; version 0 is a row written before versions existed (V8) and keeps the
     * unversioned binding, but such a row has no authorization MAC and is refused before it is opened.
     */
    private static FieldContext field(PatientEntity entity, String column) {
        return entity.recordVersion == 0 ? new FieldContext(PatientEntity.TABLE, column, entity.id)
                : new FieldContext(PatientEntity.TABLE, column, entity.id, entity.recordVersion);
    }

    /** The account name sealed in the row (the /me link), and nothing else of it. */
    public String accountUsername(PatientEntity entity, SecretKey key) {
        return cipher.open(key, entity.accountUsernameCt, field(entity, "account_username_ct"));
    }

    /** Moves every PHI field to the next record version: opened under the current one, sealed under the next. */
    public void nextVersion(PatientEntity entity, SecretKey key) {
        PatientView plain = open(entity, key);
        entity.recordVersion++;
        seal(new PatientCreate(plain.identifier(), plain.name(), plain.birthDate(), plain.sex(), plain.telecom(),
                plain.address(), plain.accountUsername()), entity, key);
    }

    private String toJson(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise given names", e);
        }
    }

    private List<String> fromJson(String value) {
        try {
            return json.readValue(value, STRINGS);
        } catch (JsonProcessingException e) {
            // The exception text could quote the decrypted value: drop it.
            throw new IllegalStateException("stored given names are not a JSON array");
        }
    }
}
