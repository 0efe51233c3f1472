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

ALTER TABLE sites ADD COLUMN webhook_url TEXT;

-- A low score owes the site's webhook a call. The payload is built from the answer when
-- it is sent, so an answer erased meanwhile is never sent (the row goes with it).
CREATE TABLE webhook_deliveries (
  answer_id  TEXT PRIMARY KEY REFERENCES survey_answers(id) ON DELETE CASCADE,
  attempts   INTEGER NOT NULL DEFAULT 0,
  next_at    INTEGER NOT NULL,
  last_error TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at);
