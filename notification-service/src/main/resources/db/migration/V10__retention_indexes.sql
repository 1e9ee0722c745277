-- Retention purges settled deliveries and stale callback backlog by age: indexes so a purge never scans the table.
CREATE INDEX delivery_settled_created_at ON delivery (created_at) WHERE status IN ('DELIVERED', 'DEAD');
CREATE INDEX callback_backlog_at ON callback_backlog (at);
