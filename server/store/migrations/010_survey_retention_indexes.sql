-- Retention deletes a site's survey answers and showings by time; without these it
-- would read every row of the site each hour, and showings grow with every display.
CREATE INDEX survey_answers_site_ts ON survey_answers (site_id, ts);
CREATE INDEX survey_shows_site_ts ON survey_shows (site_id, ts);
