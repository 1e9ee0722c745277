-- Durable timers: one row per escalation level of one case generation.
CREATE TABLE deadline_timer (
    id             UUID PRIMARY KEY,
    finding_id     UUID         NOT NULL,
    generation     INTEGER      NOT NULL,
    kind           VARCHAR(20)  NOT NULL,
    level          INTEGER      NOT NULL,
    unit           VARCHAR(64)  NOT NULL,
    target         VARCHAR(64)  NOT NULL,
    deadline       TIMESTAMPTZ  NOT NULL,
    due_at         TIMESTAMPTZ  NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    fired_at       TIMESTAMPTZ,
    policy_version VARCHAR(40)  NOT NULL,
    CONSTRAINT deadline_timer_once UNIQUE (finding_id, generation, kind, level)
);
-- The scanner reads only pending timers by due time: the index stays as small as the pending set.
CREATE INDEX deadline_timer_pending_due ON deadline_timer (due_at) WHERE status = 'PENDING';
