-- The district of the change travels with its event as the CloudEvents extension attribute "district" (#24); null is
-- the home district, as every event was before districts were carried.
ALTER TABLE outbox_event ADD COLUMN district VARCHAR(32);
