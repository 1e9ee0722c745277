-- Issue #22: leaders reached where they read (WeChat Work and DingTalk group robots), alerts that must be
-- acknowledged (pages) with re-sends and hand-overs, and the civilization office's duty rota.

-- The robots' webhook URLs carry their key or access token: never shown whole. The DingTalk signing secret is sealed
-- (AES-256-GCM, the recipient id as associated data), like callback secrets.
ALTER TABLE recipient ADD COLUMN wecom_webhook_url VARCHAR(2000);
ALTER TABLE recipient ADD COLUMN dingtalk_webhook_url VARCHAR(2000);
ALTER TABLE recipient ADD COLUMN dingtalk_secret VARCHAR(400);
-- Who may acknowledge the recipient's alerts through the API: their own account and their delegates' (e.g. a
-- secretary), comma-separated Keycloak user names.
ALTER TABLE recipient ADD COLUMN account VARCHAR(100);
ALTER TABLE recipient ADD COLUMN delegates VARCHAR(1000);
-- Order among the holders of one role and unit: an unanswered alert goes to the next (lowest first).
ALTER TABLE recipient ADD COLUMN priority INTEGER NOT NULL DEFAULT 100;

-- A delivery of an alert that must be acknowledged names its page.
ALTER TABLE delivery ADD COLUMN page_id UUID;
-- A robot delivery names its recipient, whose sealed DingTalk secret signs it at send time.
ALTER TABLE delivery ADD COLUMN recipient_id UUID;

-- An alert that must be acknowledged, for one party of one escalation: sent to one person at a time, in the order of
-- the directory (the person on duty first for the duty role); re-sent while unanswered, handed to the next person
-- after a number of tries.
CREATE TABLE alert_page (
    id              UUID PRIMARY KEY,
    event_id        UUID          NOT NULL,
    party_key       VARCHAR(200)  NOT NULL,
    finding_id      UUID          NOT NULL,
    generation      INTEGER       NOT NULL,
    level           INTEGER       NOT NULL,
    role            VARCHAR(64)   NOT NULL,
    unit            VARCHAR(64),
    reason          VARCHAR(100)  NOT NULL,
    event_type      VARCHAR(100)  NOT NULL,
    -- What is sent (the alert as JSON, its text and subject), kept for the re-sends.
    alert           TEXT          NOT NULL,
    message         TEXT          NOT NULL,
    sms             TEXT,
    subject         VARCHAR(200)  NOT NULL,
    -- The people of the party in order (recipient ids, comma-separated), fixed when the alert was raised.
    people          VARCHAR(4000) NOT NULL,
    person_index    INTEGER       NOT NULL,
    tries           INTEGER       NOT NULL,
    sent_at         TIMESTAMPTZ   NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    next_at         TIMESTAMPTZ,
    acknowledged_at TIMESTAMPTZ,
    acknowledged_by VARCHAR(255),
    on_behalf       BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ   NOT NULL,
    UNIQUE (event_id, party_key)
);
CREATE INDEX alert_page_due ON alert_page (next_at) WHERE status = 'OPEN';
CREATE INDEX alert_page_finding ON alert_page (finding_id);

-- Every step of a page, never changed: sent, re-sent, handed over, acknowledged, unanswered.
CREATE TABLE alert_page_step (
    id        UUID PRIMARY KEY,
    -- Written order: a hand-over and the send that follows it share their time.
    seq       BIGSERIAL    NOT NULL,
    page_id   UUID         NOT NULL REFERENCES alert_page (id),
    kind      VARCHAR(20)  NOT NULL,
    recipient UUID         NOT NULL,
    name      VARCHAR(100) NOT NULL,
    try_number INTEGER     NOT NULL,
    actor     VARCHAR(255),
    at        TIMESTAMPTZ  NOT NULL
);
CREATE INDEX alert_page_step_page ON alert_page_step (page_id, seq);
-- Deliveries of a page, cancelled when it is acknowledged or its case closes.
CREATE INDEX delivery_page_pending ON delivery (page_id) WHERE status = 'PENDING' AND page_id IS NOT NULL;

-- The duty rota of the civilization office, versioned: each change is a new row, the highest version is in force.
-- weekly: shifts covering the week once ([{"from":"MONDAY 08:30","to":"TUESDAY 08:30","recipientId":"..."}]);
-- overrides: dated shifts that take precedence (迎检 weeks), in district time.
CREATE TABLE duty_rota (
    version    INTEGER PRIMARY KEY,
    weekly     TEXT          NOT NULL,
    overrides  TEXT          NOT NULL,
    updated_at TIMESTAMPTZ   NOT NULL,
    updated_by VARCHAR(100)  NOT NULL
);
