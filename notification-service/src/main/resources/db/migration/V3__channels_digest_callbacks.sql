-- What this service knows of each case, projected from the findings, cases and escalations topics: the words of
-- messages (site, unit), who posted the finding (status callbacks) and what is overdue where (digests).
CREATE TABLE case_view (
    finding_id        UUID PRIMARY KEY,
    source_system     VARCHAR(100),
    source_reference  VARCHAR(200),
    site_name         VARCHAR(200),
    site_type         VARCHAR(40),
    category          VARCHAR(40),
    severity          VARCHAR(20),
    lead_unit         VARCHAR(64),
    township          VARCHAR(64),
    state             VARCHAR(30),
    outcome           VARCHAR(30),
    generation        INTEGER      NOT NULL DEFAULT 0,
    rectify_by        TIMESTAMPTZ,
    closed_at         TIMESTAMPTZ,
    escalation_level  INTEGER      NOT NULL DEFAULT 0,
    updated_at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX case_view_open_due ON case_view (rectify_by) WHERE closed_at IS NULL;
CREATE INDEX case_view_closed ON case_view (closed_at) WHERE closed_at IS NOT NULL;

-- Escalations as they were raised, for the digest's "new escalations".
CREATE TABLE escalation_log (
    escalation_id UUID PRIMARY KEY,
    finding_id    UUID         NOT NULL,
    level         INTEGER      NOT NULL,
    target        VARCHAR(64)  NOT NULL,
    unit          VARCHAR(64)  NOT NULL,
    raised_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX escalation_log_raised ON escalation_log (raised_at);

-- A posting system's callback: signed webhooks when its findings change state. One active per system.
CREATE TABLE callback_subscription (
    id            UUID PRIMARY KEY,
    source_system VARCHAR(100)  NOT NULL,
    url           VARCHAR(2000) NOT NULL,
    secret        VARCHAR(100)  NOT NULL,
    active        BOOLEAN       NOT NULL,
    created_at    TIMESTAMPTZ   NOT NULL,
    created_by    VARCHAR(100)  NOT NULL
);
CREATE UNIQUE INDEX callback_subscription_active ON callback_subscription (source_system) WHERE active;

-- One row per leader and local date: the claim that makes the daily digest exactly-once across replicas.
CREATE TABLE digest (
    recipient_id UUID         NOT NULL,
    digest_date  DATE         NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    overdue      INTEGER      NOT NULL,
    escalations  INTEGER      NOT NULL,
    PRIMARY KEY (recipient_id, digest_date)
);

-- Token buckets of the per-channel rate limits, shared by every replica.
CREATE TABLE channel_budget (
    channel      VARCHAR(20) PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    refreshed_at TIMESTAMPTZ      NOT NULL
);

ALTER TABLE delivery ALTER COLUMN finding_id DROP NOT NULL;
ALTER TABLE delivery ADD COLUMN subject VARCHAR(200);
ALTER TABLE delivery ADD COLUMN subscription_id UUID;
DROP INDEX delivery_pending_due;
CREATE INDEX delivery_pending_due ON delivery (channel, next_attempt_at) WHERE status = 'PENDING';
