-- Accountability proposals (the ladder's top level) wait for what follows them (a talk, a circulated criticism, an
-- exemption); the leaders' digest lists those no disposition has settled yet.
ALTER TABLE escalation_log ADD COLUMN proposal BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN disposed_at TIMESTAMPTZ, ADD COLUMN disposition VARCHAR(40);
CREATE INDEX escalation_log_awaiting ON escalation_log (raised_at) WHERE proposal AND disposed_at IS NULL;
