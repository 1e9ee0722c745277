-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered at commit, and one per transaction
-- since identical notifications coalesce), so it needs no fast polling. The channel is OutboxRelay.NOTIFY_CHANNEL.
-- civcity_notify(channel) serves every such trigger of a service (the delivery queue's too).
CREATE FUNCTION civcity_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_event_notify AFTER INSERT ON outbox_event
    FOR EACH STATEMENT EXECUTE FUNCTION civcity_notify('civcity_outbox');
