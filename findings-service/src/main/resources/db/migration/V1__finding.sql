-- Findings accepted at intake; a source system's reference identifies its finding.
CREATE TABLE finding (
    id               UUID PRIMARY KEY,
    source           VARCHAR(40)   NOT NULL,
    source_system    VARCHAR(64)   NOT NULL,
    source_reference VARCHAR(128)  NOT NULL,
    site_type        VARCHAR(40)   NOT NULL,
    site_name        VARCHAR(200)  NOT NULL,
    category         VARCHAR(40)   NOT NULL,
    severity         VARCHAR(20)   NOT NULL,
    description      VARCHAR(4000) NOT NULL,
    observed_at      TIMESTAMPTZ   NOT NULL,
    latitude         DOUBLE PRECISION,
    longitude        DOUBLE PRECISION,
    reported_at      TIMESTAMPTZ   NOT NULL,
    CONSTRAINT finding_source_reference_unique UNIQUE (source_system, source_reference)
);
CREATE INDEX finding_reported_at ON finding (reported_at);
