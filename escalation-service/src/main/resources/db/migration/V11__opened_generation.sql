-- Order-proof consumption: the latest generation whose opening event (dispatch, rework, transfer) was read, apart
-- from the case's generation (which a closure read first may raise), so a late or repeated opening event starts
-- nothing and a late rework is still counted once.
ALTER TABLE case_tracking ADD COLUMN opened_generation INTEGER NOT NULL DEFAULT 0;
UPDATE case_tracking SET opened_generation = generation;
