-- A survey comment's language, tone and themes (server/surveys/comments/), stored with the
-- answer when it arrives. Answers stored before this migration get theirs when their
-- survey's results are first read (the analysis is TypeScript, not SQL).
-- corrected_at: a researcher set sentiment and themes by hand; corrected answers are what
-- the site's model learns from, so erasing an answer also takes back what it taught.
ALTER TABLE survey_answers ADD COLUMN lang TEXT CHECK (lang IN ('en', 'de'));
ALTER TABLE survey_answers ADD COLUMN sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative'));
ALTER TABLE survey_answers ADD COLUMN themes TEXT NOT NULL DEFAULT '[]';   -- JSON array of theme names
ALTER TABLE survey_answers ADD COLUMN corrected_at INTEGER;
CREATE INDEX survey_answers_corrected ON survey_answers (site_id, corrected_at) WHERE corrected_at IS NOT NULL;
-- Comments not yet analysed, found without reading every answer of the survey.
CREATE INDEX survey_answers_unanalysed ON survey_answers (survey_id) WHERE lang IS NULL AND comment IS NOT NULL;
