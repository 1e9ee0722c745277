-- When and by whom the lead unit acknowledged the case.
ALTER TABLE rectification_case ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE rectification_case ADD COLUMN acknowledged_by VARCHAR(100);
