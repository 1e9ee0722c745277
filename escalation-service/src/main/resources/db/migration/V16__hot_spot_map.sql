-- The hot-spot map: the district's townships and grids as assignment-service's routing data draws them
-- (routing.published, replaced whole by each newer version), and where each case's site is; and the evaluation round
-- (测评轮次) a case came from, for the bulletin's comparison of the latest two rounds.
CREATE TABLE township_area (
    code          VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    -- JSON: [[longitude, latitude], ...], the ring closed.
    polygon       TEXT         NOT NULL,
    -- JSON: [{"code", "name", "polygon"}, ...].
    grids         TEXT         NOT NULL,
    version       VARCHAR(100) NOT NULL,
    published_at  TIMESTAMPTZ  NOT NULL
);

ALTER TABLE case_tracking ADD COLUMN site_name VARCHAR(200),
    ADD COLUMN site_type VARCHAR(40),
    ADD COLUMN site_code VARCHAR(64),
    ADD COLUMN inspection_round VARCHAR(200),
    ADD COLUMN latitude DOUBLE PRECISION,
    ADD COLUMN longitude DOUBLE PRECISION;
