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
-- The append-only triggers are created in V3, once the chain's backfill is done: no migration switches them off.
