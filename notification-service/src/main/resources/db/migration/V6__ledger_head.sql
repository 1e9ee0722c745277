-- The accountability ledger's head as its events published it (accountability.recorded carries each record's
-- sequence and hash): one row, only ever moved forward, printed in every leaders' digest so a ledger rewritten later
-- disagrees with what the leaders were told.
CREATE TABLE ledger_head (
    id          SMALLINT     PRIMARY KEY CHECK (id = 1),
    sequence    BIGINT       NOT NULL,
    hash        VARCHAR(64)  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL
);
