-- Co-responsibility (属地管理): a ladder level addresses parties (the lead department's head and the township's head,
-- for example); each escalation record names them and the people who held each role when it fired, as JSON that
-- the record's hash covers. Records written before keep their hash.
ALTER TABLE accountability_record ADD COLUMN parties TEXT;

-- The township and grid of the case travel on its timers, so a firing level can name the township's and grid's people.
ALTER TABLE deadline_timer ADD COLUMN township VARCHAR(64);
ALTER TABLE deadline_timer ADD COLUMN grid VARCHAR(100);
ALTER TABLE case_tracking ADD COLUMN grid VARCHAR(100);

-- Who holds which role for which unit (or district-wide, unit null), as notification-service's recipient directory
-- announces it on civcity.recipients; read when a level fires, so the record names the person then in post.
CREATE TABLE post_holder (
    recipient_id UUID         PRIMARY KEY,
    role         VARCHAR(64)  NOT NULL,
    unit         VARCHAR(64),
    name         VARCHAR(200) NOT NULL,
    active       BOOLEAN      NOT NULL,
    version      INTEGER      NOT NULL,
    changed_at   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX post_holder_role_unit ON post_holder (role, unit) WHERE active;

-- A leader's instruction (批示) on a case opens a supervision order with its own deadline; its ladder levels are
-- timers of kind SUPERVISION carrying the order's id, cancelled when the case closes.
CREATE TABLE supervision_order (
    id          UUID          PRIMARY KEY,
    finding_id  UUID          NOT NULL,
    record_id   UUID          NOT NULL,
    issued_by   VARCHAR(200)  NOT NULL,
    text        VARCHAR(2000) NOT NULL,
    issued_at   TIMESTAMPTZ   NOT NULL,
    due_by      TIMESTAMPTZ   NOT NULL,
    due_rule    VARCHAR(40)   NOT NULL,
    closed_at   TIMESTAMPTZ
);
CREATE INDEX supervision_order_finding ON supervision_order (finding_id);
-- One open order per case: a second instruction while one runs is refused, not stacked.
CREATE UNIQUE INDEX supervision_order_one_open ON supervision_order (finding_id) WHERE closed_at IS NULL;

ALTER TABLE deadline_timer ADD COLUMN order_id UUID;
ALTER TABLE deadline_timer DROP CONSTRAINT deadline_timer_once;
ALTER TABLE deadline_timer ADD CONSTRAINT deadline_timer_once
    UNIQUE NULLS NOT DISTINCT (finding_id, generation, kind, level, order_id);
