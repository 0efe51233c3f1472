-- Researchers' notes on moments of a replay (issue #16). A note is about a person's
-- visit, so it lives and dies with the session: erased with it (and by the cascade,
-- should a session row ever go another way), exported with it.
CREATE TABLE notes (
  id              TEXT PRIMARY KEY,               -- random, not a counter: ids say nothing about other sessions' notes
  session_id      TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  at              INTEGER NOT NULL,               -- ms into the replay
  text            TEXT NOT NULL,
  author_token_id INTEGER NOT NULL,               -- who may delete it: labels need not be unique
  author          TEXT NOT NULL,                  -- the token's label when the note was written
  created_at      INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX notes_session ON notes (session_id, at);
