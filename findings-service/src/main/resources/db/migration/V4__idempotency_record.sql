-- The first successful response per (client, Idempotency-Key), replayed for repeats until it expires.
CREATE TABLE idempotency_record (
    client        VARCHAR(100) NOT NULL,
    key           VARCHAR(255) NOT NULL,
    request_hash  VARCHAR(64)  NOT NULL,
    status_code   INTEGER      NOT NULL,
    response_body TEXT         NOT NULL,
    location      VARCHAR(300),
    created_at    TIMESTAMPTZ  NOT NULL,
    expires_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (client, key)
);
CREATE INDEX idempotency_record_expires_at ON idempotency_record (expires_at);
