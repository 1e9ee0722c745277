-- Wakes the delivery worker when a transaction that queued deliveries commits (see V0_7's outbox trigger), so an alert
-- leaves at once and the worker's poll only finds retries that fell due. The channel is DeliveryWorker.NOTIFY_CHANNEL.
CREATE FUNCTION delivery_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('civcity_delivery', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER delivery_notify AFTER INSERT ON delivery FOR EACH STATEMENT EXECUTE FUNCTION delivery_notify();
