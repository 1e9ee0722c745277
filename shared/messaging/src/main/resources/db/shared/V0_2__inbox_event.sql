-- Event ids already processed by a consumer; inserted in the same transaction as the consumer's effect.
CREATE TABLE inbox_event (
    consumer    VARCHAR(100) NOT NULL,
    event_id    UUID         NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_event_received_at ON inbox_event (received_at);
