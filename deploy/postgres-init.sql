-- Each service owns its own database; run once by the PostgreSQL container at first start.
CREATE DATABASE findings;
CREATE DATABASE assignment;
CREATE DATABASE escalation;
CREATE DATABASE notification;
-- escalation-service connects as its runtime role and migrates as civcity, the owner: the runtime role may only INSERT
-- and SELECT the accountability ledger (escalation-service V7__runtime_role.sql). Change the password in production.
CREATE ROLE escalation_runtime LOGIN PASSWORD 'escalation_runtime';
