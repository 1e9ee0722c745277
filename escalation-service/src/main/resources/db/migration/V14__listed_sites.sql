-- Listed supervision (挂牌督办), as findings-service announces it on civcity.sites: each listing opens a supervision
-- order of kind LISTING on the recurrence that listed the site, addressed to the township and the lead department,
-- with its own deadline and a stricter ladder (timers of kind LISTING); it is recorded in the ledger when the site is
-- listed and again when it is delisted, and shown on the board in between.
ALTER TABLE supervision_order ADD COLUMN kind VARCHAR(20) NOT NULL DEFAULT 'INSTRUCTION';
DROP INDEX supervision_order_one_open;
-- One open order of each kind per case: a leader's instruction may come on top of a listing, not twice.
CREATE UNIQUE INDEX supervision_order_one_open ON supervision_order (finding_id, kind) WHERE closed_at IS NULL;

CREATE TABLE listed_site (
    listing_id         UUID         PRIMARY KEY,
    finding_id         UUID         NOT NULL,
    site_key           VARCHAR(300) NOT NULL,
    site_type          VARCHAR(40)  NOT NULL,
    site_code          VARCHAR(64),
    site_name          VARCHAR(200) NOT NULL,
    township           VARCHAR(64),
    grid               VARCHAR(100),
    lead_unit          VARCHAR(64)  NOT NULL,
    recurrences        INTEGER      NOT NULL,
    recurrence_window  VARCHAR(40)  NOT NULL,
    listed_at          TIMESTAMPTZ  NOT NULL,
    order_id           UUID         NOT NULL,
    listed_record_id   UUID         NOT NULL,
    clean_since        TIMESTAMPTZ,
    delisted_at        TIMESTAMPTZ,
    delisted_record_id UUID
);
CREATE INDEX listed_site_active ON listed_site (listed_at DESC) WHERE delisted_at IS NULL;

-- The board reads the highest level each listing's order reached, and a delisting stops the order's pending levels.
CREATE INDEX deadline_timer_order ON deadline_timer (order_id) WHERE order_id IS NOT NULL;
