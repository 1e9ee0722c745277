-- Wakes the delivery worker when a transaction that queued deliveries commits (civcity_notify: shared V0_7), so an
-- alert leaves at once and the worker's poll only finds retries that fell due. The channel is
-- DeliveryWorker.NOTIFY_CHANNEL.
CREATE TRIGGER delivery_notify AFTER INSERT ON delivery
    FOR EACH STATEMENT EXECUTE FUNCTION civcity_notify('civcity_delivery');
