-- Ladder timers remember the delay rule of their level, so an extension can move them.
ALTER TABLE deadline_timer ADD COLUMN delay_rule VARCHAR(60) NOT NULL DEFAULT 'PT0S';
ALTER TABLE deadline_timer ADD COLUMN repeat_count INTEGER NOT NULL DEFAULT 0;

-- The ledger becomes a hash chain in append order; rework records have no escalation.
ALTER TABLE accountability_record ALTER COLUMN escalation_id DROP NOT NULL;
ALTER TABLE accountability_record ADD COLUMN sequence BIGINT;
ALTER TABLE accountability_record ADD COLUMN previous_hash VARCHAR(64);
ALTER TABLE accountability_record ADD COLUMN hash VARCHAR(64);
-- Records written before the chain existed are numbered and marked unchained; the chain starts after them.
UPDATE accountability_record r SET sequence = n.seq, previous_hash = '', hash = 'unchained'
FROM (SELECT id, row_number() OVER (ORDER BY recorded_at, id) AS seq FROM accountability_record) n
WHERE r.id = n.id;
ALTER TABLE accountability_record ALTER COLUMN sequence SET NOT NULL;
ALTER TABLE accountability_record ALTER COLUMN previous_hash SET NOT NULL;
ALTER TABLE accountability_record ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX accountability_record_sequence ON accountability_record (sequence);
CREATE INDEX accountability_record_unit_recorded_at ON accountability_record (unit, recorded_at);

-- Records are evidence: the database itself refuses to change or remove them.
CREATE FUNCTION accountability_record_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accountability records are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER accountability_record_append_only
    BEFORE UPDATE OR DELETE ON accountability_record
    FOR EACH ROW EXECUTE FUNCTION accountability_record_is_append_only();
CREATE TRIGGER accountability_record_no_truncate
    BEFORE TRUNCATE ON accountability_record
    FOR EACH STATEMENT EXECUTE FUNCTION accountability_record_is_append_only();

-- What assessment needs of each case, kept from the case events.
CREATE TABLE case_tracking (
    finding_id     UUID PRIMARY KEY,
    unit           VARCHAR(64),
    generation     INTEGER     NOT NULL,
    dispatched_at  TIMESTAMPTZ NOT NULL,
    rectify_by     TIMESTAMPTZ,
    closed_at      TIMESTAMPTZ,
    outcome        VARCHAR(30),
    rework_count   INTEGER     NOT NULL DEFAULT 0,
    report_count   INTEGER     NOT NULL DEFAULT 0,
    repeat_count   INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX case_tracking_unit_rectify_by ON case_tracking (unit, rectify_by);
CREATE INDEX case_tracking_unit_dispatched_at ON case_tracking (unit, dispatched_at);

-- A level without a target is kept and passed over when due.
ALTER TABLE deadline_timer ALTER COLUMN target DROP NOT NULL;
