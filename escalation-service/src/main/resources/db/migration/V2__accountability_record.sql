-- The accountability ledger: append-only.
CREATE TABLE accountability_record (
    id               UUID PRIMARY KEY,
    escalation_id    UUID         NOT NULL UNIQUE,
    finding_id       UUID         NOT NULL,
    generation       INTEGER      NOT NULL,
    level            INTEGER      NOT NULL,
    unit             VARCHAR(64)  NOT NULL,
    responsible_role VARCHAR(64)  NOT NULL,
    reason           VARCHAR(64)  NOT NULL,
    deadline         TIMESTAMPTZ  NOT NULL,
    overdue_seconds  BIGINT       NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL,
    policy_version   VARCHAR(40)  NOT NULL
);
CREATE INDEX accountability_record_finding ON accountability_record (finding_id);
CREATE INDEX accountability_record_recorded_at ON accountability_record (recorded_at);

-- Records are evidence: the database itself refuses to change or remove them.
CREATE FUNCTION accountability_record_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accountability records are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accountability_record_append_only
    BEFORE UPDATE OR DELETE ON accountability_record
    FOR EACH ROW EXECUTE FUNCTION accountability_record_is_append_only();
CREATE TRIGGER accountability_record_no_truncate
    BEFORE TRUNCATE ON accountability_record
    FOR EACH STATEMENT EXECUTE FUNCTION accountability_record_is_append_only();
