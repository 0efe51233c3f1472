-- The replay index: a chunk's times, full-snapshot flag and part numbers without its
-- data. part_index and part_count sit after the data blob in the row, so reading them
-- from the table walks the blob's overflow pages; this covering index answers "where
-- does each full snapshot start" (the replay's seek points) without touching the data.
CREATE INDEX chunks_replay ON chunks (session_id, seq, first_ts, last_ts, full_snapshot, part_index, part_count);
