-- Imports of evaluators' files run in the background: the file is kept with its job until the job ends, so a
-- restarted or second replica takes over an unfinished import (claimed with FOR UPDATE SKIP LOCKED, leased).
CREATE TABLE round_import (
    id               UUID         PRIMARY KEY,
    round            VARCHAR(100) NOT NULL,
    source_system    VARCHAR(64)  NOT NULL,
    source           VARCHAR(32)  NOT NULL,
    valid_only       BOOLEAN      NOT NULL,
    media_type       TEXT         NOT NULL,
    charset          VARCHAR(40),
    file             BYTEA,
    file_sha256      CHAR(64)     NOT NULL,
    caller           TEXT         NOT NULL,
    requested_by     VARCHAR(200) NOT NULL,
    state            VARCHAR(16)  NOT NULL,
    rows_total       INTEGER      NOT NULL,
    rows_validated   INTEGER      NOT NULL DEFAULT 0,
    rows_imported    INTEGER      NOT NULL DEFAULT 0,
    rows_already     INTEGER      NOT NULL DEFAULT 0,
    rows_refused     INTEGER      NOT NULL DEFAULT 0,
    attempts         INTEGER      NOT NULL DEFAULT 0,
    lease_until      TIMESTAMPTZ,
    outcome          TEXT,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL,
    finished_at      TIMESTAMPTZ
);
CREATE INDEX round_import_waiting ON round_import (created_at) WHERE state IN ('QUEUED', 'RUNNING');
-- The same file posted again while its import waits or runs is that import, not a second one.
CREATE INDEX round_import_file ON round_import (requested_by, round, file_sha256) WHERE state IN ('QUEUED', 'RUNNING');
