-- Finished imports are purged after findings' retention period, by this index.
CREATE INDEX round_import_finished ON round_import (finished_at) WHERE state IN ('DONE', 'FAILED');
