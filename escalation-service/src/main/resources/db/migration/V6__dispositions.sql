-- What followed an escalation (追责问责): a disposition is a new ledger record linked to the escalation it settles,
-- never an edit of it. Earlier records have none of these, and their hashes do not cover them.
-- The disposition names the escalation it settles (escalation_id stays the escalation's own record's, unique).
ALTER TABLE accountability_record ADD COLUMN disposes UUID;
ALTER TABLE accountability_record ADD COLUMN disposition VARCHAR(30);
ALTER TABLE accountability_record ADD COLUMN subject VARCHAR(200);
ALTER TABLE accountability_record ADD COLUMN decided_by VARCHAR(200);
ALTER TABLE accountability_record ADD COLUMN note VARCHAR(2000);
-- One disposition per escalation, even if two requests race past the service's own check.
CREATE UNIQUE INDEX accountability_record_one_disposition ON accountability_record (disposes)
    WHERE disposes IS NOT NULL;
-- Escalations still waiting for one.
CREATE INDEX accountability_record_proposals ON accountability_record (escalation_id)
    WHERE reason LIKE '%ACCOUNTABILITY_PROPOSAL%';
