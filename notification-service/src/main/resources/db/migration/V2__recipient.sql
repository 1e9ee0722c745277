-- Who holds which role for which unit (null: district-wide), and where they receive alerts. Changes are versioned.
CREATE TABLE recipient (
    id          UUID PRIMARY KEY,
    role        VARCHAR(64)   NOT NULL,
    unit        VARCHAR(64),
    name        VARCHAR(100)  NOT NULL,
    webhook_url VARCHAR(2000),
    email       VARCHAR(254),
    mobile      VARCHAR(32),
    quiet_hours VARCHAR(11),
    active      BOOLEAN       NOT NULL,
    version     INTEGER       NOT NULL,
    updated_at  TIMESTAMPTZ   NOT NULL,
    updated_by  VARCHAR(100)  NOT NULL
);
CREATE INDEX recipient_role_unit ON recipient (role, unit) WHERE active;
