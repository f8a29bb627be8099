-- WARD-AUD-001: one row per access attempt to PHI, written in the same transaction as the access.
-- Append-only: the application role may only INSERT and SELECT, and a trigger rejects UPDATE,
-- DELETE and TRUNCATE from anyone, the table owner included. No PHI values are ever stored here:
-- ids, roles, action, outcome and purpose only.
CREATE TABLE ward.audit_event (
    id                 uuid PRIMARY KEY,
    sequence           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    occurred_at        timestamptz NOT NULL,
    actor_subject      text,
    actor_username     text,
    actor_roles        text[]      NOT NULL DEFAULT '{}',
    actor_organization text,
    client_id          text,
    action             text        NOT NULL CHECK (action IN ('CREATE', 'READ', 'UPDATE', 'DELETE', 'SEARCH', 'EXPORT')),
    resource_type      text        NOT NULL,
    resource_id        text,
    patient_id         uuid,
    purpose_of_use     text        NOT NULL,
    outcome            text        NOT NULL CHECK (outcome IN ('SUCCESS', 'DENIED', 'NOT_FOUND', 'INVALID', 'ERROR')),
    source_address     text,
    request_id         text,
    trace_id           text
);
CREATE INDEX audit_event_patient_idx ON ward.audit_event (patient_id, occurred_at);

CREATE FUNCTION ward.audit_event_is_append_only() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % rejected', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_event_no_update_delete
    BEFORE UPDATE OR DELETE ON ward.audit_event
    FOR EACH ROW EXECUTE FUNCTION ward.audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate
    BEFORE TRUNCATE ON ward.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION ward.audit_event_is_append_only();

GRANT SELECT, INSERT ON ward.audit_event TO ${appRole};
