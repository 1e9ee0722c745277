-- Published bulletins (通报): the bulletin of a period frozen as it was published, with the ledger's head it was made
-- at. A correction is a new version with its reason, never an edit: like the ladder's versions, append-only (V8).
CREATE TABLE bulletin_publication (
    id               UUID         PRIMARY KEY,
    period           VARCHAR(7)   NOT NULL,
    version          INTEGER      NOT NULL,
    published_at     TIMESTAMPTZ  NOT NULL,
    published_by     VARCHAR(200) NOT NULL,
    correction       TEXT,
    ledger_sequence  BIGINT       NOT NULL,
    ledger_hash      VARCHAR(64)  NOT NULL,
    -- As published: the data (JSON), the printable page and the workbook, served as they are, whatever the code that
    -- renders bulletins becomes.
    content          TEXT         NOT NULL,
    html             TEXT         NOT NULL,
    xlsx             BYTEA        NOT NULL,
    UNIQUE (period, version)
);

CREATE TRIGGER bulletin_publication_append_only BEFORE UPDATE OR DELETE ON bulletin_publication
    FOR EACH ROW EXECUTE FUNCTION published_versions_are_append_only();

REVOKE ALL ON bulletin_publication FROM "${runtime_role}";
GRANT SELECT, INSERT ON bulletin_publication TO "${runtime_role}";
