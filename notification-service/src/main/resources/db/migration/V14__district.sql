-- One deployment may serve several districts (#24): the directory, the duty rota, callback registrations, the case
-- projection, the alerts and pages, and the ledger's head each belong to one district. Rows from before belong to
-- the home district; the default is then dropped, so a row written without its district fails instead of silently
-- becoming home's.
ALTER TABLE recipient ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE recipient ALTER COLUMN district DROP DEFAULT;
DROP INDEX recipient_role_unit;
CREATE INDEX recipient_district_role_unit ON recipient (district, role, unit) WHERE active;

ALTER TABLE delivery ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE delivery ALTER COLUMN district DROP DEFAULT;

ALTER TABLE case_view ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE case_view ALTER COLUMN district DROP DEFAULT;

ALTER TABLE escalation_log ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE escalation_log ALTER COLUMN district DROP DEFAULT;

ALTER TABLE alert_page ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE alert_page ALTER COLUMN district DROP DEFAULT;

-- A posting system registers its callback per district: the same client may post to two districts.
ALTER TABLE callback_subscription ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE callback_subscription ALTER COLUMN district DROP DEFAULT;
DROP INDEX callback_subscription_active;
CREATE UNIQUE INDEX callback_subscription_active ON callback_subscription (district, source_system) WHERE active;

-- Each district's civilization office keeps its own rota, versioned on its own.
ALTER TABLE duty_rota ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE duty_rota ALTER COLUMN district DROP DEFAULT;
ALTER TABLE duty_rota ADD COLUMN id UUID NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE duty_rota ALTER COLUMN id DROP DEFAULT;
ALTER TABLE duty_rota DROP CONSTRAINT duty_rota_pkey;
ALTER TABLE duty_rota ADD PRIMARY KEY (id);
CREATE UNIQUE INDEX duty_rota_district_version ON duty_rota (district, version);

-- One head per district's chain (escalation-service keeps one chain per district).
ALTER TABLE ledger_head ADD COLUMN district VARCHAR(32) NOT NULL DEFAULT '${home_district}';
ALTER TABLE ledger_head ALTER COLUMN district DROP DEFAULT;
ALTER TABLE ledger_head DROP COLUMN id;
ALTER TABLE ledger_head ADD PRIMARY KEY (district);
