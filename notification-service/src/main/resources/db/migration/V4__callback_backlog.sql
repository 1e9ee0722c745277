-- Status changes of findings whose poster is not known yet (their finding.reported is still on its way, on another
-- topic): kept until it arrives, then sent to the poster's callback or dropped.
CREATE TABLE callback_backlog (
    event_id         UUID PRIMARY KEY,
    finding_id       UUID         NOT NULL,
    event_type       VARCHAR(100) NOT NULL,
    state            VARCHAR(30),
    generation       INTEGER      NOT NULL,
    unit             VARCHAR(64),
    escalation_level INTEGER      NOT NULL,
    outcome          VARCHAR(30),
    rectify_by       TIMESTAMPTZ,
    at               TIMESTAMPTZ  NOT NULL
);
CREATE INDEX callback_backlog_finding ON callback_backlog (finding_id);
