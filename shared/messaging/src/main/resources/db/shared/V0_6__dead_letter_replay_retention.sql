-- Replay records are purged like the inbox (Retention rule "dead-letter-replays"), by when they were made.
CREATE INDEX dead_letter_replay_replayed_at ON dead_letter_replay (replayed_at);
