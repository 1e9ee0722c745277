-- The delivery queue: one row per message, recipient and channel, with its attempts.
CREATE TABLE delivery (
    id              UUID PRIMARY KEY,
    dedup_id        VARCHAR(200)  NOT NULL UNIQUE,
    finding_id      UUID          NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    channel         VARCHAR(20)   NOT NULL,
    recipient       VARCHAR(100)  NOT NULL,
    endpoint        VARCHAR(2000),
    payload         TEXT          NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    attempts        INTEGER       NOT NULL,
    next_attempt_at TIMESTAMPTZ   NOT NULL,
    last_error      VARCHAR(1000),
    created_at      TIMESTAMPTZ   NOT NULL,
    delivered_at    TIMESTAMPTZ
);
CREATE INDEX delivery_pending_due ON delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX delivery_finding ON delivery (finding_id);
