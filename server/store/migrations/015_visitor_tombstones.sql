-- Erased or revoked visitors: a chunk, survey answer or survey view naming one is refused,
-- even one that was already on its way (scanned, waiting for its group commit) when the
-- erasure answered. Only a hash of the site and visitor id is kept (store/tombstone.ts).
CREATE TABLE visitor_tombstones (
  key        TEXT PRIMARY KEY,   -- sha256 of the site and visitor id, or of the visitor id alone: erased on every site
  erased_at  INTEGER NOT NULL,
  expires_at INTEGER             -- NULL: kept. Set when nothing was held on the visitor (a revoke
                                 -- of an id never stored): it only has to outlive chunks in flight.
) WITHOUT ROWID;
CREATE INDEX visitor_tombstones_expiry ON visitor_tombstones (expires_at) WHERE expires_at IS NOT NULL;
