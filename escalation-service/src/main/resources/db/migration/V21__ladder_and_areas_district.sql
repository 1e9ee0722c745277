-- Each district publishes its own escalation ladder (#24); a version name is unique within its district, and the
-- versions from before are the home district's. Adding a column with a default fires no row trigger, so the
-- append-only guard stands.
ALTER TABLE ladder_version ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE ladder_version ALTER COLUMN district DROP DEFAULT;
ALTER TABLE ladder_version DROP CONSTRAINT ladder_version_version_key;
ALTER TABLE ladder_version ADD CONSTRAINT ladder_version_district_version UNIQUE (district, version);

-- The map's township areas come from each district's own routing data: the same township code in two districts is
-- two areas.
ALTER TABLE township_area ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE township_area ALTER COLUMN district DROP DEFAULT;
ALTER TABLE township_area DROP CONSTRAINT township_area_pkey;
ALTER TABLE township_area ADD PRIMARY KEY (district, code);
