-- The names people use (城市管理局, 新华街道) of units, townships and grids, as finding.assigned carries them from the
-- routing data in force: alerts and the digest name units as the routing data does, the configured names standing in
-- until a dispatch has named a unit.
CREATE TABLE unit_name (
    code       VARCHAR(64)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL
);
