-- Integrity against whoever can write to this database (issue 18). Nothing here holds a key: every
-- MAC and signature below is computed by patient-api with keys that exist in clear only in its memory
-- (wrapped by Vault Transit in ward.audit_key) or only in Vault (checkpoint signing key).

-- WARD-AUD-002: the audit MAC key can be rotated. Each event names the key that MACed it (NULL: the
-- first key, "audit-mac-v1", for events written before this migration).
ALTER TABLE ward.audit_event ADD COLUMN mac_key_id text;

-- Seals are keyed: hash(n) = HMAC-SHA256(chain key of key_id, hash(n-1) | position | sequence | MAC).
-- NULL key_id: an unkeyed SHA-256 seal written before this migration; never accepted after a keyed one.
ALTER TABLE ward.audit_seal ADD COLUMN key_id text;

-- Checkpoints form a chain of their own: each signs the previous checkpoint's digest, so a deleted
-- checkpoint is named, and the newest one is anchored in Vault (KV ward-audit-anchor), so cutting
-- off the newest checkpoints is named too. format 1: a checkpoint written before this migration.
ALTER TABLE ward.audit_checkpoint
    ADD COLUMN format            smallint NOT NULL DEFAULT 1,
    ADD COLUMN previous_position bigint,
    ADD COLUMN previous_digest   bytea;
CREATE INDEX audit_checkpoint_position_idx ON ward.audit_checkpoint (position);

-- Authorization data bound to the record (WARD-IAM-001, WARD-IAM-004): the columns that decide who
-- may read a record carry a MAC under a Vault-wrapped key, checked before they grant anything.
-- record_version counts the record's writes; it is part of every PHI ciphertext's associated data
-- and of the MAC, so an older ciphertext of the same row and column no longer opens.
ALTER TABLE ward.patient
    ADD COLUMN record_version bigint NOT NULL DEFAULT 0,
    ADD COLUMN authz_key_id   text,
    ADD COLUMN authz_mac      bytea;

-- Break-glass grants: actor, patient, expiry and reason under the same kind of MAC.
ALTER TABLE ward.break_glass_grant
    ADD COLUMN mac_key_id text,
    ADD COLUMN mac        bytea;
