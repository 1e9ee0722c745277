-- Who posted the finding (OAuth client of a machine account, or the user), so reporters read only their own.
ALTER TABLE finding ADD COLUMN reported_by VARCHAR(100) NOT NULL DEFAULT 'unknown';
ALTER TABLE finding ALTER COLUMN reported_by DROP DEFAULT;
