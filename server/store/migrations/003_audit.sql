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
