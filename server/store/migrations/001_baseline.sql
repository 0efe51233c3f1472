-- The baseline: the schema as it stood when migrations began to be recorded with
-- their checksums (001-014 squashed; nothing had been released). Times are epoch
-- milliseconds. No IP address and no raw external id is stored anywhere.

CREATE TABLE sites (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  origins        TEXT NOT NULL DEFAULT '[]',   -- JSON array of allowed page origins
  privacy        TEXT NOT NULL DEFAULT 'strict' CHECK (privacy IN ('strict', 'balanced')),
  retention_days INTEGER NOT NULL DEFAULT 90,
  created_at     INTEGER NOT NULL,
  webhook_url    TEXT
);

CREATE TABLE tokens (
  id         INTEGER PRIMARY KEY,
  label      TEXT NOT NULL,
  role       TEXT NOT NULL CHECK (role IN ('researcher', 'privacy', 'admin')),
  hash       TEXT NOT NULL UNIQUE,             -- sha256 of the token; the token itself is shown once
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE viewer_logins (
  hash       TEXT PRIMARY KEY,                 -- sha256 of the cookie value
  token_id   INTEGER NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
);

CREATE TABLE visitors (
  site_id       INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  first_seen    INTEGER NOT NULL,
  last_seen     INTEGER NOT NULL,
  external_hash TEXT,                          -- HMAC-SHA-256 of the id passed to einblick.identify()
  PRIMARY KEY (site_id, id)
);
CREATE INDEX visitors_external ON visitors (external_hash) WHERE external_hash IS NOT NULL;

CREATE TABLE sessions (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  visitor_id  TEXT NOT NULL,
  started_at  INTEGER NOT NULL,
  last_at     INTEGER NOT NULL,
  entry_url   TEXT NOT NULL DEFAULT '',
  page_count  INTEGER NOT NULL DEFAULT 0,
  click_count INTEGER NOT NULL DEFAULT 0,
  device      TEXT NOT NULL DEFAULT 'desktop',
  viewport_w  INTEGER NOT NULL DEFAULT 0,
  viewport_h  INTEGER NOT NULL DEFAULT 0,
  chunk_count INTEGER NOT NULL DEFAULT 0,
  max_seq     INTEGER NOT NULL DEFAULT -1,
  bytes       INTEGER NOT NULL DEFAULT 0,
  dropped     INTEGER NOT NULL DEFAULT 0,
  consent     TEXT                              -- JSON consent receipt from the first chunk
);
CREATE INDEX sessions_site_started ON sessions (site_id, started_at DESC, id);
CREATE INDEX sessions_started ON sessions (started_at DESC, id);
CREATE INDEX sessions_visitor ON sessions (site_id, visitor_id);

-- One row per uploaded chunk, stored gzip-compressed. (session_id, seq) makes uploads
-- idempotent. A single event too big for one chunk (a huge full snapshot) travels as
-- numbered parts of its JSON text in consecutive chunks (part_index, part_count); the
-- events stream joins them again.
CREATE TABLE chunks (
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  first_ts    INTEGER NOT NULL,
  last_ts     INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  full_snapshot INTEGER NOT NULL DEFAULT 0,    -- 1 when the chunk holds an rrweb full snapshot
  hash        BLOB NOT NULL,                   -- sha256 of the decompressed chunk, to tell a retry from a conflict
  data        BLOB NOT NULL,                   -- gzip(JSON array of rrweb events)
  part_index  INTEGER,
  part_count  INTEGER,
  PRIMARY KEY (session_id, seq)
);
-- The replay index: a chunk's times, full-snapshot flag and part numbers without its
-- data. part_index and part_count sit after the data blob in the row, so reading them
-- from the table walks the blob's overflow pages; this covering index answers "where
-- does each full snapshot start" (the replay's seek points) without touching the data.
CREATE INDEX chunks_replay ON chunks (session_id, seq, first_ts, last_ts, full_snapshot, part_index, part_count);

-- Heatmaps group by page (the URL without query and fragment) and device class; clicks
-- carry both, so a heatmap over a million clicks reads one index range and never joins.
CREATE TABLE page_views (
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  pv         INTEGER NOT NULL,
  site_id    INTEGER NOT NULL,
  url        TEXT NOT NULL,
  title      TEXT NOT NULL DEFAULT '',
  ts         INTEGER NOT NULL,
  viewport_w INTEGER NOT NULL,
  viewport_h INTEGER NOT NULL,
  doc_w      INTEGER NOT NULL,
  doc_h      INTEGER NOT NULL,
  device     TEXT NOT NULL,
  max_scroll REAL NOT NULL DEFAULT 0,
  page       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (session_id, pv)
);
CREATE INDEX page_views_site_url ON page_views (site_id, url, device, ts);
CREATE INDEX page_views_page ON page_views (site_id, page, device, ts);

CREATE TABLE clicks (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  pv         INTEGER NOT NULL,
  site_id    INTEGER NOT NULL,
  ts         INTEGER NOT NULL,
  x          REAL NOT NULL,
  y          REAL NOT NULL,
  selector   TEXT NOT NULL,
  offset_x   REAL NOT NULL,
  offset_y   REAL NOT NULL,
  rage       INTEGER NOT NULL DEFAULT 0,
  dead       INTEGER NOT NULL DEFAULT 0,
  page       TEXT NOT NULL DEFAULT '',
  device     TEXT NOT NULL DEFAULT 'desktop',
  sample     INTEGER NOT NULL DEFAULT 0       -- random key: the viewer's even sample of a page's clicks
);
CREATE INDEX clicks_session ON clicks (session_id, ts);
-- The viewer places clicks on their elements one by one; over a million clicks it gets
-- an even sample of them: those whose random key is below a threshold, hour by hour.
-- The same index serves every read of a page's clicks by time (its hours, then ts).
-- Keyed by hour first, the clicks a batch inserts land together in it, not all over it.
CREATE INDEX clicks_sample ON clicks (site_id, page, device, CAST(ts / 3600000 AS INTEGER), sample, ts);
-- Rage and dead clicks are few: the list of the newest reads them without scanning the rest.
CREATE INDEX clicks_flagged ON clicks (site_id, page, device, ts) WHERE rage = 1 OR dead = 1;

-- Erased or revoked sessions: later chunks for them are refused (410), so nothing is resurrected.
CREATE TABLE tombstones (
  session_id TEXT PRIMARY KEY,
  erased_at  INTEGER NOT NULL
);

-- The audit trail: who did what, when. Objects are referenced only by a keyed hash of
-- their id (no personal data, and an erased visitor's ids do not survive here). Each
-- row holds the hash of the previous one, so a removed or edited row breaks the chain.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor_label TEXT NOT NULL,
  actor_role  TEXT NOT NULL,
  action      TEXT NOT NULL,
  object_hash TEXT,
  detail      TEXT NOT NULL DEFAULT '{}',   -- counts and kinds only, never personal data
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_object ON audit (object_hash);

-- In-session micro-surveys: their definitions, each time one was shown, each answer or
-- dismissal, and the webhook deliveries owed for low scores. A visitor's answers are
-- personal data: they are erased, exported and expired with the visitor's sessions.
CREATE TABLE surveys (
  id          TEXT PRIMARY KEY,
  site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('nps', 'csat', 'ces')),
  question_en TEXT NOT NULL,
  question_de TEXT NOT NULL,
  comment_en  TEXT,                            -- the optional follow-up comment prompt
  comment_de  TEXT,
  trigger     TEXT NOT NULL DEFAULT '{}',      -- JSON {urlContains?, afterSeconds?, onEvent?, exitIntent?}
  cap_days    INTEGER NOT NULL DEFAULT 30,
  sample      REAL NOT NULL DEFAULT 1,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  INTEGER NOT NULL
);
CREATE INDEX surveys_site ON surveys (site_id, active);

-- session_id is NULL when the visitor consented to surveys but not to replay.
CREATE TABLE survey_answers (
  id          TEXT PRIMARY KEY,                -- chosen by the widget, so a retried answer is stored once
  survey_id   TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  site_id     INTEGER NOT NULL,
  visitor_id  TEXT,
  session_id  TEXT,
  score       INTEGER,                         -- NULL for a dismissal
  comment     TEXT,
  dismissed   INTEGER NOT NULL DEFAULT 0,
  url         TEXT NOT NULL,
  page        TEXT NOT NULL,                   -- url without query and fragment, as heatmaps key pages
  device      TEXT NOT NULL,
  ts          INTEGER NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX survey_answers_survey ON survey_answers (survey_id, ts);
CREATE INDEX survey_answers_session ON survey_answers (session_id, survey_id, score) WHERE session_id IS NOT NULL;
CREATE INDEX survey_answers_visitor ON survey_answers (site_id, visitor_id);
-- Retention deletes a site's survey answers and showings by time; without these it
-- would read every row of the site each hour, and showings grow with every display.
CREATE INDEX survey_answers_site_ts ON survey_answers (site_id, ts);

CREATE TABLE survey_shows (
  survey_id  TEXT NOT NULL REFERENCES surveys(id) ON DELETE CASCADE,
  site_id    INTEGER NOT NULL,
  visitor_id TEXT,
  session_id TEXT,
  page       TEXT NOT NULL,
  device     TEXT NOT NULL,
  ts         INTEGER NOT NULL
);
CREATE INDEX survey_shows_survey ON survey_shows (survey_id, ts);
CREATE INDEX survey_shows_visitor ON survey_shows (site_id, visitor_id);
CREATE INDEX survey_shows_session ON survey_shows (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX survey_shows_site_ts ON survey_shows (site_id, ts);

-- A low score owes the site's webhook a call. The payload is built from the answer when
-- it is sent, so an answer erased meanwhile is never sent (the row goes with it).
CREATE TABLE webhook_deliveries (
  answer_id  TEXT PRIMARY KEY REFERENCES survey_answers(id) ON DELETE CASCADE,
  attempts   INTEGER NOT NULL DEFAULT 0,
  next_at    INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at);

-- Heatmap counters: what a heatmap reads about one page and device class in one UTC
-- hour, kept at ingest in the chunk's own transaction, so a heatmap over a million
-- clicks sums a few hundred rows instead of grouping every click. Erasure and
-- retention recompute the hours they touch from the rows that are left.
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

-- Day sums of the hourly counters, so a month's heatmap adds up 30 rows instead of
-- 720. A day is summed from its hours the first time a heatmap reads it after it
-- ended, and its row is deleted whenever one of its hours is written again (a late
-- chunk, erasure, retention), so it is summed anew from the hours then.
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

-- The server's second line of masking counts what it caught, so a site owner learns
-- which element leaks personal data and can mark it data-einblick-mask. Counts of
-- what and where only: never the caught text, never a session or visitor id, so
-- nothing here is personal data (and nothing here needs erasing with a visitor).
CREATE TABLE privacy_leaks (
  site_id  INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  page     TEXT NOT NULL,               -- the URL without query and fragment, as heatmaps key pages
  kind     TEXT NOT NULL CHECK (kind IN ('email', 'card', 'iban', 'phone')),
  element  TEXT NOT NULL,               -- tag#id or tag.class, '' when the chunk did not say
  field    TEXT NOT NULL,               -- 'text', 'input' or the attribute's name
  catches  INTEGER NOT NULL,
  first_at INTEGER NOT NULL,            -- when it was first and last caught (server time)
  last_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, page, kind, element, field)
);
