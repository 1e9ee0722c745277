-- One deployment may serve several districts (#24): every finding, round import and listing belongs to one, and no
-- district sees another's. Rows from before belong to the home district (civcity.district.home); new rows name theirs.
ALTER TABLE finding ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE finding ALTER COLUMN district DROP DEFAULT;
ALTER TABLE round_import ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE round_import ALTER COLUMN district DROP DEFAULT;
ALTER TABLE listed_site ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE listed_site ALTER COLUMN district DROP DEFAULT;

-- A source reference is unique within a district: an evaluator's round imported by two districts is two sets of
-- findings, not a collision.
ALTER TABLE finding DROP CONSTRAINT finding_source_reference_unique;
ALTER TABLE finding ADD CONSTRAINT finding_source_reference_unique UNIQUE (district, source_system, source_reference);

-- A district's list, newest first, replaces the list's index; site codes are a district's own, so one site's
-- listing is unique within its district.
DROP INDEX finding_reported_at_id;
CREATE INDEX finding_district_reported_at_id ON finding (district, reported_at DESC, id DESC);
DROP INDEX listed_site_active;
CREATE UNIQUE INDEX listed_site_active ON listed_site (district, site_key) WHERE delisted_at IS NULL;
