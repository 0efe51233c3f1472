-- A single event too big for one chunk (a huge full snapshot) travels as numbered
-- parts of its JSON text in consecutive chunks; the events stream joins them again.
ALTER TABLE chunks ADD COLUMN part_index INTEGER;
ALTER TABLE chunks ADD COLUMN part_count INTEGER;
