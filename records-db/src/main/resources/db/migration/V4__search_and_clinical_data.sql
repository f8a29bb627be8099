-- WARD-ENC-001: exact-match search without plaintext. Blind indexes are keyed HMACs (Transit key
-- ward-blind-index, never in the database or the application) over normalised input; equal inputs
-- give equal indexes, so they reveal equality between rows and nothing else.
ALTER TABLE ward.patient
    ADD COLUMN identifier_bidx   text,
    ADD COLUMN family_birth_bidx text,
    ADD COLUMN account_bidx      text;
CREATE INDEX patient_identifier_bidx_idx ON ward.patient (identifier_bidx);
CREATE INDEX patient_family_birth_bidx_idx ON ward.patient (family_birth_bidx);
CREATE INDEX patient_account_bidx_idx ON ward.patient (account_bidx);

-- Coded clinical values and free-text notes: every clinical field is ciphertext under the
-- patient's data key, bound to its row and column.
CREATE TABLE ward.observation (
    id             uuid PRIMARY KEY,
    patient_id     uuid        NOT NULL REFERENCES ward.patient (id) ON DELETE CASCADE,
    code_ct        bytea       NOT NULL,
    display_ct     bytea,
    value_ct       bytea       NOT NULL,
    unit_ct        bytea,
    effective_ct   bytea       NOT NULL,
    recorded_by    text        NOT NULL,   -- username of the clinician, not PHI
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX observation_patient_idx ON ward.observation (patient_id, created_at);

CREATE TABLE ward.note (
    id             uuid PRIMARY KEY,
    patient_id     uuid        NOT NULL REFERENCES ward.patient (id) ON DELETE CASCADE,
    text_ct        bytea       NOT NULL,
    recorded_by    text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX note_patient_idx ON ward.note (patient_id, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON ward.observation, ward.note TO ${appRole};
