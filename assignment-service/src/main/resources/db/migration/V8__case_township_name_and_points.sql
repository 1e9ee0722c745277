-- The township as the reporter named it (routing's last resort) and the evaluator's deduction points (扣分),
-- which travel to the assessment in finding.assigned.
ALTER TABLE rectification_case ADD COLUMN township_name VARCHAR(100);
ALTER TABLE rectification_case ADD COLUMN deduction_points NUMERIC(6, 2);
