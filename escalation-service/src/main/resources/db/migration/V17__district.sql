-- One deployment may serve several districts (#24): a case's tracking, its timers and its accountability records
-- belong to its finding's district. Each district has its own ledger chain (sequence, previous hash, lock and head),
-- so one district's escalation burst never waits for another's. Rows from before belong to the home district, whose
-- chain continues unchanged.
ALTER TABLE case_tracking ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE case_tracking ALTER COLUMN district DROP DEFAULT;
ALTER TABLE deadline_timer ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE deadline_timer ALTER COLUMN district DROP DEFAULT;
ALTER TABLE accountability_record ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE accountability_record ALTER COLUMN district DROP DEFAULT;
DROP INDEX accountability_record_sequence;
CREATE UNIQUE INDEX accountability_record_district_sequence ON accountability_record (district, sequence);
