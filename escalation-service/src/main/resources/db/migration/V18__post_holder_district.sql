-- The people in post are each district's own (#24): the ledger names, for a case, only its district's holders.
ALTER TABLE post_holder ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE post_holder ALTER COLUMN district DROP DEFAULT;
DROP INDEX post_holder_role_unit;
CREATE INDEX post_holder_district_role_unit ON post_holder (district, role, unit) WHERE active;
