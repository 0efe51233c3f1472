-- Sites, tokens, sessions, replay chunks and the facts derived from them at ingest.
-- Times are epoch milliseconds. No IP address and no raw external id is stored anywhere.

CREATE TABLE sites (
  id             INTEGER PRIMARY KEY,
  key            TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  origins        TEXT NOT NULL DEFAULT '[]',   -- JSON array of allowed page origins
  privacy        TEXT NOT NULL DEFAULT 'strict' CHECK (privacy IN ('strict', 'balanced')),
  retention_days INTEGER NOT NULL DEFAULT 90,
  created_at     INTEGER NOT NULL
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

-- One row per uploaded chunk, stored gzip-compressed. (session_id, seq) makes uploads idempotent.
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
  PRIMARY KEY (session_id, seq)
);

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
  PRIMARY KEY (session_id, pv)
);
CREATE INDEX page_views_site_url ON page_views (site_id, url, device, ts);

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
  dead       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX clicks_session ON clicks (session_id, ts);

-- Erased or revoked sessions: later chunks for them are refused (410), so nothing is resurrected.
CREATE TABLE tombstones (
  session_id TEXT PRIMARY KEY,
  erased_at  INTEGER NOT NULL
);
