-- One case per finding, with the unit that must fix it and the deadlines set at dispatch.
CREATE TABLE rectification_case (
    finding_id     UUID PRIMARY KEY,
    generation     INTEGER      NOT NULL,
    state          VARCHAR(30)  NOT NULL,
    lead_unit      VARCHAR(64)  NOT NULL,
    category       VARCHAR(40)  NOT NULL,
    severity       VARCHAR(20)  NOT NULL,
    site_type      VARCHAR(40)  NOT NULL,
    site_name      VARCHAR(200) NOT NULL,
    dispatched_at  TIMESTAMPTZ  NOT NULL,
    acknowledge_by TIMESTAMPTZ  NOT NULL,
    rectify_by     TIMESTAMPTZ  NOT NULL,
    policy_version VARCHAR(40)  NOT NULL
);
CREATE INDEX rectification_case_lead_unit_state ON rectification_case (lead_unit, state);
