-- Listed supervision (挂牌督办): a site where problems recurred findings.recurrence.listing-threshold times within the
-- recurrence window is listed once its latest recurrence is routed; it stays listed until no finding has been open
-- there for findings.listing.clean-period of working time. One listing at a time per site.
CREATE TABLE listed_site (
    id          UUID         PRIMARY KEY,
    site_key    VARCHAR(300) NOT NULL,
    site_type   VARCHAR(40)  NOT NULL,
    site_code   VARCHAR(64),
    site_name   VARCHAR(200) NOT NULL,
    township    VARCHAR(64),
    lead_unit   VARCHAR(64)  NOT NULL,
    -- The recurrence whose dispatch listed the site; its key orders site.listed and site.delisted.
    finding_id  UUID         NOT NULL,
    recurrences INTEGER      NOT NULL,
    listed_at   TIMESTAMPTZ  NOT NULL,
    -- Since when no finding has been open at the site; null while one is.
    clean_since TIMESTAMPTZ,
    -- When the clean period ends (working time from clean_since); the delisting poller claims rows past it.
    delist_due  TIMESTAMPTZ,
    delisted_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX listed_site_active ON listed_site (site_key) WHERE delisted_at IS NULL;
CREATE INDEX listed_site_due ON listed_site (delist_due) WHERE delisted_at IS NULL AND delist_due IS NOT NULL;
CREATE INDEX listed_site_listed_at ON listed_site (listed_at DESC);

-- Findings at a site without a code are matched by type and name, as the recurrence count names the site.
CREATE INDEX finding_site_type_name ON finding (site_type, btrim(site_name)) WHERE site_code IS NULL;
