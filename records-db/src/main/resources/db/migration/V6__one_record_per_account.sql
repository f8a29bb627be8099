-- A patient account links to at most one record: /me must never be ambiguous.
DROP INDEX ward.patient_account_bidx_idx;
CREATE UNIQUE INDEX patient_account_bidx_unique ON ward.patient (account_bidx) WHERE account_bidx IS NOT NULL;
