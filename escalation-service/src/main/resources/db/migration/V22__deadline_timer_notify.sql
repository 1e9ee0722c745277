-- Wakes the escalation scanner when a transaction sets or moves a pending timer (NOTIFY is delivered at commit, and
-- once per transaction since identical notifications coalesce), so between rounds it sleeps until the earliest timer
-- falls due instead of polling. Row-level with a WHEN so that firing and cancelling stay
-- quiet. The channel is EscalationScanner.NOTIFY_CHANNEL; civcity_notify is the shared migration V0_7's.
CREATE TRIGGER deadline_timer_notify AFTER INSERT OR UPDATE OF due_at ON deadline_timer
    FOR EACH ROW WHEN (NEW.status = 'PENDING') EXECUTE FUNCTION civcity_notify('civcity_timer');
