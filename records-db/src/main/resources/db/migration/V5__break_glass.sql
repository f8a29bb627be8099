-- WARD-IAM-004: break-glass. A clinician who declares emergency treatment (purpose of use ETREAT)
-- with a reason gets time-boxed read access to a patient of another organization. The grant is
-- recorded here (the reason as ciphertext under the patient's data key: it may describe the
-- patient) and every read under it is audited with purpose ETREAT.
CREATE TABLE ward.break_glass_grant (
    id              uuid PRIMARY KEY,
    actor_subject   text        NOT NULL,
    actor_username  text,
    patient_id      uuid        NOT NULL REFERENCES ward.patient (id) ON DELETE CASCADE,
    reason_ct       bytea       NOT NULL,
    granted_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);
CREATE INDEX break_glass_grant_lookup_idx ON ward.break_glass_grant (actor_subject, patient_id, expires_at);
GRANT SELECT, INSERT ON ward.break_glass_grant TO ${appRole};
