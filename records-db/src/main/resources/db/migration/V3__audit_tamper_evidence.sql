-- WARD-AUD-002: tamper evidence for the audit trail, without serialising the request path.
--  * Each event carries a MAC computed by patient-api at insert with a key that exists in clear only
--    in patient-api's memory (stored here wrapped by Vault Transit): a row changed or forged with
--    database rights alone fails its MAC.
--  * A sealer (one at a time, advisory lock) chains sealed events in the order it seals them:
--    hash(n) = SHA-256(hash(n-1) | position | event sequence | MAC). A deleted or reordered event
--    breaks the chain.
--  * The chain head is periodically signed with a Transit signing key: cutting off the newest sealed
--    events is detectable back to the last checkpoint.
ALTER TABLE ward.audit_event ADD COLUMN mac bytea;
CREATE INDEX audit_event_occurred_idx ON ward.audit_event (occurred_at);

CREATE TABLE ward.audit_key (
    id           text PRIMARY KEY,
    kek_name     text        NOT NULL,
    wrapped_key  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ward.audit_seal (
    position        bigint PRIMARY KEY,
    event_sequence  bigint      NOT NULL UNIQUE,
    hash            bytea       NOT NULL,
    sealed_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ward.audit_checkpoint (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    position       bigint      NOT NULL,
    event_sequence bigint      NOT NULL,
    hash           bytea       NOT NULL,
    signature      text        NOT NULL,
    signing_key    text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER audit_key_append_only BEFORE UPDATE OR DELETE ON ward.audit_key
    FOR EACH ROW EXECUTE FUNCTION ward.audit_event_is_append_only();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON ward.audit_seal
    FOR EACH ROW EXECUTE FUNCTION ward.audit_event_is_append_only();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON ward.audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION ward.audit_event_is_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON ward.audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION ward.audit_event_is_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON ward.audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION ward.audit_event_is_append_only();

GRANT SELECT, INSERT ON ward.audit_key, ward.audit_seal, ward.audit_checkpoint TO ${appRole};

-- One guard for every append-only table: name the table in the error.
CREATE OR REPLACE FUNCTION ward.audit_event_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
