-- Unit codes are each district's own (#24): two districts' URBAN_MANAGEMENT are two departments with two names, so a
-- name is kept per district and code. Names from before are the home district's.
ALTER TABLE unit_name ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE unit_name ALTER COLUMN district DROP DEFAULT;
ALTER TABLE unit_name DROP CONSTRAINT unit_name_pkey;
ALTER TABLE unit_name ADD PRIMARY KEY (district, code);
