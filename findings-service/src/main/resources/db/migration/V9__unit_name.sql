-- The names people use (城市管理局, 新华街道) of the units and townships findings were routed to, as finding.assigned
-- carries them from the routing data in force; round summaries and comparisons label townships with them.
CREATE TABLE unit_name (
    code       VARCHAR(64)  PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    updated_at TIMESTAMPTZ  NOT NULL
);
