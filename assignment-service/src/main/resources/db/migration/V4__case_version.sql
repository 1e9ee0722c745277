-- Optimistic locking: two people acting on one case at once must not silently undo each other.
ALTER TABLE rectification_case ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
