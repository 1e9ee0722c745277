-- The evaluator's deduction points (扣分), counted in the assessment of the lead unit and of the township.
ALTER TABLE case_tracking ADD COLUMN deduction_points NUMERIC(6, 2);
