-- Dead letters an operator sent back to their original topic: who and when, once per dead letter.
CREATE TABLE dead_letter_replay (
    dead_letter VARCHAR(300) PRIMARY KEY,
    topic       VARCHAR(200) NOT NULL,
    event_id    VARCHAR(100),
    replayed_by VARCHAR(200) NOT NULL,
    replayed_at TIMESTAMPTZ  NOT NULL
);
