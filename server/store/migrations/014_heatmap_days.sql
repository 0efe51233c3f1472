-- Day sums of the hourly counters (heatmap_hours), so a month's heatmap adds up 30
-- rows instead of 720: the 8 px cells of a busy page's hours repeat from hour to hour,
-- and summing them was most of the read. A day is summed from its hours the first
-- time a heatmap reads it after it ended, and its row is deleted whenever one of its
-- hours is written again (a late chunk, erasure, retention), so it is summed anew
-- from the hours then. Same columns as heatmap_hours.
CREATE TABLE heatmap_days (
  site_id    INTEGER NOT NULL,
  page       TEXT NOT NULL,
  device     TEXT NOT NULL,
  day        INTEGER NOT NULL,            -- floor(hour / 24), a UTC day
  clicks     INTEGER NOT NULL,
  rage       INTEGER NOT NULL,
  dead       INTEGER NOT NULL,
  cells      BLOB NOT NULL,
  selectors  TEXT NOT NULL,
  page_views INTEGER NOT NULL,
  doc_w      INTEGER NOT NULL,
  doc_h      INTEGER NOT NULL,
  fold_sum   REAL NOT NULL,
  reached    TEXT NOT NULL,
  PRIMARY KEY (site_id, page, device, day)
);
