-- The territorial township the case was routed to, for the findings list's township filter.
ALTER TABLE finding ADD COLUMN township VARCHAR(64);
CREATE INDEX finding_township ON finding (township) WHERE township IS NOT NULL;
