-- Optimistic locking: the timeline consumers of two topics update the same finding; neither may undo the other.
ALTER TABLE finding ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
