-- A delivery continues the trace of the event that queued it (webhook traceparent header, log lines).
ALTER TABLE delivery ADD COLUMN traceparent VARCHAR(55);
