-- Late facts: an extension or acknowledgement read before its generation's opening event is kept on the case and
-- applied when that generation's clocks start, instead of being lost; the latest extension of a generation wins,
-- by the time it was approved, whatever order extensions are read in.
ALTER TABLE case_tracking ADD COLUMN acknowledged_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_tracking ADD COLUMN extended_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_tracking ADD COLUMN extended_rectify_by TIMESTAMPTZ;
ALTER TABLE case_tracking ADD COLUMN extended_at TIMESTAMPTZ;
