-- A case row created by an escalation read before the dispatch took the escalation's time as its state time, so the
-- dispatch and acknowledgement read after it could not set a state; such rows give the case events their turn.
-- Only rows an escalation made (an extension's row has a deadline, whose time must stay).
UPDATE case_view SET updated_at = TIMESTAMPTZ 'epoch' WHERE state IS NULL AND rectify_by IS NULL;
