-- A case row created by an escalation read before the dispatch took the escalation's time as its state time, so the
-- dispatch and acknowledgement read after it could not set a state; such rows give the case events their turn.
UPDATE case_view SET updated_at = TIMESTAMPTZ 'epoch' WHERE state IS NULL;
