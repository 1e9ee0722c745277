-- The full finding model, its status as the case events report it, and the links of recurring problems.
ALTER TABLE finding
    ADD COLUMN inspection_round VARCHAR(100),
    ADD COLUMN site_code        VARCHAR(64),
    ADD COLUMN site_address     VARCHAR(300),
    ADD COLUMN subcategory      VARCHAR(64),
    ADD COLUMN evidence         TEXT NOT NULL DEFAULT '[]',
    ADD COLUMN reporter         VARCHAR(100),
    ADD COLUMN deduction_points NUMERIC(6, 2),
    ADD COLUMN repeat_of        UUID REFERENCES finding (id),
    ADD COLUMN repeat_count     INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN duplicate_of     UUID REFERENCES finding (id),
    ADD COLUMN status           VARCHAR(30) NOT NULL DEFAULT 'REPORTED',
    ADD COLUMN assigned_unit    VARCHAR(64),
    ADD COLUMN rectify_by       TIMESTAMPTZ,
    ADD COLUMN escalation_level INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN closed_at        TIMESTAMPTZ,
    ADD COLUMN outcome          VARCHAR(30);

-- Recurring-problem lookups go through these, never a table scan: by site code, or by a bounding box around a point.
CREATE INDEX finding_site_code_category ON finding (site_code, category) WHERE site_code IS NOT NULL;
CREATE INDEX finding_category_location ON finding (category, latitude, longitude) WHERE latitude IS NOT NULL;
-- Listing: newest first with a keyset cursor.
CREATE INDEX finding_reported_at_id ON finding (reported_at DESC, id DESC);
