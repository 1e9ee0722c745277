-- Each district publishes its own routing data (#24): its units, township areas, registered sites and matrix. A
-- version name is unique within its district; the versions from before are the home district's. Adding a column with
-- a default fires no row trigger, so the append-only guard stands.
ALTER TABLE routing_version ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE routing_version ALTER COLUMN district DROP DEFAULT;
ALTER TABLE routing_version DROP CONSTRAINT routing_version_version_key;
ALTER TABLE routing_version ADD CONSTRAINT routing_version_district_version UNIQUE (district, version);
