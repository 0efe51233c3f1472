-- Captured assets (stylesheets, fonts, images) so a replay looks like the page did on
-- the day it was visited, without a request to the site (server/assets/).
-- The bytes, once per content: the same logo fetched by many visits is stored once.
CREATE TABLE assets (
  hash         TEXT PRIMARY KEY,               -- sha256 hex of body
  content_type TEXT NOT NULL,                  -- one of the safe types server/assets/content-types.ts allows
  size         INTEGER NOT NULL,
  body         BLOB NOT NULL,
  stored_at    INTEGER NOT NULL
) WITHOUT ROWID;

-- One asset URL of a site on one day (UTC): fetched once for every visit of that day,
-- so a redesign the next day is captured anew and older replays keep the old look.
CREATE TABLE asset_urls (
  id      INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
  url     TEXT NOT NULL,
  day     INTEGER NOT NULL,                    -- days since 1970-01-01 UTC
  kind    TEXT NOT NULL CHECK (kind IN ('stylesheet', 'font', 'image')),
  state   TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'captured', 'failed')),
  hash    TEXT,                                -- assets.hash once captured
  reason  TEXT,                                -- why not, once failed (see server/assets/capture-error.ts)
  detail  TEXT,
  UNIQUE (site_id, url, day)
);
CREATE INDEX asset_urls_queued ON asset_urls (id) WHERE state = 'queued';
CREATE INDEX asset_urls_hash ON asset_urls (hash);

-- Which session's recording names which asset URL: the fidelity report, and erasure
-- (an asset no remaining session uses goes with the last one that did).
CREATE TABLE session_assets (
  session_id   TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  asset_url_id INTEGER NOT NULL REFERENCES asset_urls(id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, asset_url_id)
) WITHOUT ROWID;
CREATE INDEX session_assets_url ON session_assets (asset_url_id);

-- What a captured stylesheet pulls in (@import, fonts, url() images).
CREATE TABLE asset_deps (
  parent_id INTEGER NOT NULL REFERENCES asset_urls(id) ON DELETE CASCADE,
  child_id  INTEGER NOT NULL REFERENCES asset_urls(id) ON DELETE CASCADE,
  PRIMARY KEY (parent_id, child_id)
) WITHOUT ROWID;
CREATE INDEX asset_deps_child ON asset_deps (child_id);

-- Chunks whose events are still to be read for asset URLs. Filled by a trigger inside
-- ingest's own transaction, so no chunk is missed and ingest does no more than this insert.
CREATE TABLE asset_scans (
  id         INTEGER PRIMARY KEY,
  session_id TEXT NOT NULL,
  seq        INTEGER NOT NULL
);
-- An erased session's pending scans go with it.
CREATE INDEX asset_scans_session ON asset_scans (session_id);
CREATE TRIGGER chunks_asset_scan AFTER INSERT ON chunks
BEGIN
  INSERT INTO asset_scans (session_id, seq) VALUES (NEW.session_id, NEW.seq);
END;
