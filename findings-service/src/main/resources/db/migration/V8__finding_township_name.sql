-- The township as the reporter names it (所属街道 in an evaluator's file); routing falls back to it.
ALTER TABLE finding ADD COLUMN township_name VARCHAR(100);
