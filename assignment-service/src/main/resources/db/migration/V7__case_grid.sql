-- The community grid (社区/网格) within the township where the problem lies, where the routing data has grids.
ALTER TABLE rectification_case ADD COLUMN grid VARCHAR(100);
