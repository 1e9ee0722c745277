-- Listed sites and published bulletins are each district's own (#24): a district's board, map, trends and bulletins
-- show its cases only, and each district publishes its own bulletin of a month, versioned on its own. Rows from
-- before are the home district's.
ALTER TABLE listed_site ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE listed_site ALTER COLUMN district DROP DEFAULT;
DROP INDEX listed_site_active;
CREATE INDEX listed_site_active ON listed_site (district, listed_at DESC) WHERE delisted_at IS NULL;

ALTER TABLE bulletin_publication ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE bulletin_publication ALTER COLUMN district DROP DEFAULT;
ALTER TABLE bulletin_publication DROP CONSTRAINT bulletin_publication_period_version_key;
CREATE UNIQUE INDEX bulletin_publication_district_period_version ON bulletin_publication (district, period, version);
