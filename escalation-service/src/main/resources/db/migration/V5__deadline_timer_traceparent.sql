-- A due timer resumes the trace of the dispatch that set it.
ALTER TABLE deadline_timer ADD COLUMN traceparent VARCHAR(55);
