-- The trace the change was made in travels with its event (CloudEvents distributed-tracing extension).
ALTER TABLE outbox_event ADD COLUMN traceparent VARCHAR(55);
