-- Heatmap counters: what a heatmap reads about one page and device class in one UTC
-- hour, kept at ingest in the chunk's own transaction, so a heatmap over a million
-- clicks sums a few hundred rows instead of grouping every click. Erasure and
-- retention recompute the hours they touch from the rows that are left. A database
-- from before this migration is counted once when the store opens (heatmap-hours.ts).
CREATE TABLE heatmap_hours (
  site_id    INTEGER NOT NULL,
  page       TEXT NOT NULL,
  device     TEXT NOT NULL,
  hour       INTEGER NOT NULL,            -- floor(ts / 3,600,000)
  clicks     INTEGER NOT NULL,
  rage       INTEGER NOT NULL,
  dead       INTEGER NOT NULL,
  cells      BLOB NOT NULL,               -- clicks per 8 px cell of the document: uint32 pairs (row << 16 | col, clicks)
  selectors  TEXT NOT NULL,               -- JSON {selector: clicks}
  page_views INTEGER NOT NULL,
  doc_w      INTEGER NOT NULL,            -- the largest document of these page views
  doc_h      INTEGER NOT NULL,
  fold_sum   REAL NOT NULL,               -- sum of first screen / document height
  reached    TEXT NOT NULL,               -- JSON: page views by the deepest 5 % band reached (21 counts)
  PRIMARY KEY (site_id, page, device, hour)
);

-- The viewer places clicks on their elements one by one; over a million clicks it gets
-- an even sample of them: those whose random key is below a threshold, hour by hour.
-- The same index serves every read of a page's clicks by time (its hours, then ts), so
-- it replaces clicks_page: one index to keep up at ingest, not two. Keyed by hour first,
-- the clicks a batch inserts land together in it, not all over it.
ALTER TABLE clicks ADD COLUMN sample INTEGER NOT NULL DEFAULT 0;
UPDATE clicks SET sample = abs(random() % 2147483648);
CREATE INDEX clicks_sample ON clicks (site_id, page, device, CAST(ts / 3600000 AS INTEGER), sample, ts);
DROP INDEX clicks_page;
-- Rage and dead clicks are few: the list of the newest reads them without scanning the rest.
CREATE INDEX clicks_flagged ON clicks (site_id, page, device, ts) WHERE rage = 1 OR dead = 1;
