-- Wakes the escalation scanner when a transaction sets or moves a pending timer (NOTIFY is delivered at commit, and
-- once per transaction since identical notifications coalesce), so between rounds it sleeps until the earliest timer
-- falls due instead of polling. The channel is EscalationScanner.NOTIFY_CHANNEL. Inserts notify once per statement
-- (a bulk insert of a million timers stays one call); moves once per row, with a WHEN so that firing and cancelling
-- (which write due_at too, through Hibernate) stay quiet: a column list rules out a transition table.
CREATE FUNCTION deadline_timer_notify_pending() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM set_timers WHERE status = 'PENDING') THEN
        PERFORM pg_notify('civcity_timer', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER deadline_timer_set AFTER INSERT ON deadline_timer REFERENCING NEW TABLE AS set_timers
    FOR EACH STATEMENT EXECUTE FUNCTION deadline_timer_notify_pending();

CREATE TRIGGER deadline_timer_moved AFTER UPDATE OF due_at ON deadline_timer
    FOR EACH ROW WHEN (NEW.status = 'PENDING') EXECUTE FUNCTION civcity_notify('civcity_timer');
