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
