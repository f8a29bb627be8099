-- WARD-GDPR-002 (erasure), WARD-GDPR-003 (restriction), WARD-GDPR-004 (retention, legal hold): what a data subject's rights
-- need in the database. Key material is NOT here: a subject's data key is usable only with its
-- share in Vault (ward-subject-shares), which erasure destroys, so a restored backup of this
-- database cannot bring an erased subject's data back.

-- Art. 18 restriction: readable only by the DPO (export) and through break-glass.
-- Legal hold: a retention obligation (e.g. litigation, HIPAA 164.316(b)(2)) that blocks erasure and
-- the retention job. The obligation is a short label chosen by the DPO, not a free-text note.
ALTER TABLE ward.patient
    ADD COLUMN restricted        boolean     NOT NULL DEFAULT false,
    ADD COLUMN legal_hold        text,
    ADD COLUMN legal_hold_until  date,
    ADD COLUMN legal_hold_set_at timestamptz,
    ADD CONSTRAINT patient_legal_hold_label CHECK (legal_hold IS NULL OR length(legal_hold) BETWEEN 3 AND 200);

-- Erasure requests outlive the record they erase (no foreign key to ward.patient): they are the
-- controller's proof that the right was honoured (Art. 5(2)). They hold no PHI: reasons are
-- ciphertext under the subject's key (shredded with it), the requester is the account's blind index.
CREATE TABLE ward.erasure_request (
    id                      uuid PRIMARY KEY,
    patient_id              uuid        NOT NULL,
    requester_account_bidx  text        NOT NULL,
    state                   text        NOT NULL CHECK (state IN ('PENDING', 'ERASED', 'REJECTED', 'RESTRICTED')),
    requested_at            timestamptz NOT NULL DEFAULT now(),
    decided_at              timestamptz,
    decided_by              text,
    decision_reason_ct      bytea,
    receipt                 text,
    receipt_signature       text,
    CHECK ((state = 'PENDING') = (decided_at IS NULL))
);
-- At most one open request per subject; a second one is a conflict, not a duplicate.
CREATE UNIQUE INDEX erasure_request_one_pending_idx ON ward.erasure_request (patient_id) WHERE state = 'PENDING';
CREATE INDEX erasure_request_requester_idx ON ward.erasure_request (requester_account_bidx);
CREATE INDEX erasure_request_state_idx ON ward.erasure_request (state, requested_at);
GRANT SELECT, INSERT, UPDATE ON ward.erasure_request TO ${appRole};

-- Rectification (Art. 16) is audited with keyed digests of the old and new values, never the values.
ALTER TABLE ward.audit_event ADD COLUMN detail text;

-- Retention: last activity per record, for the retention job.
CREATE INDEX patient_updated_at_idx ON ward.patient (updated_at);
