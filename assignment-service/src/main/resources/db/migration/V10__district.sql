-- One deployment may serve several districts (#24): a case belongs to its finding's district (the district of
-- finding.reported) and no other district sees it. Cases from before belong to the home district.
ALTER TABLE rectification_case ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE rectification_case ALTER COLUMN district DROP DEFAULT;
-- A district's list, newest dispatch first, and a unit's workload within its district.
DROP INDEX rectification_case_dispatched_at;
CREATE INDEX rectification_case_district_dispatched_at ON rectification_case (district, dispatched_at DESC,
    finding_id DESC);
DROP INDEX rectification_case_lead_unit_state;
CREATE INDEX rectification_case_district_lead_unit_state ON rectification_case (district, lead_unit, state);
