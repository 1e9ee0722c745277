-- Supervision reports open and overdue cases by unit and by territorial township (属地).
ALTER TABLE case_tracking ADD COLUMN township VARCHAR(64);
CREATE INDEX case_tracking_open ON case_tracking (unit, township) WHERE closed_at IS NULL;
