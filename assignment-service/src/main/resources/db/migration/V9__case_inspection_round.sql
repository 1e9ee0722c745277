-- The evaluation round (测评轮次) a finding came from, carried on finding.assigned so the bulletin can compare rounds.
ALTER TABLE rectification_case ADD COLUMN inspection_round VARCHAR(200);
