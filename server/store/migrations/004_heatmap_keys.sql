-- Heatmaps group by page (the URL without query and fragment) and device class; clicks
-- carry both, so a heatmap over a million clicks reads one index range and never joins.
ALTER TABLE page_views ADD COLUMN page TEXT NOT NULL DEFAULT '';
UPDATE page_views SET page = CASE
  WHEN instr(url, '?') > 0 THEN substr(url, 1, instr(url, '?') - 1)
  WHEN instr(url, '#') > 0 THEN substr(url, 1, instr(url, '#') - 1)
  ELSE url END;
CREATE INDEX page_views_page ON page_views (site_id, page, device, ts);

ALTER TABLE clicks ADD COLUMN page TEXT NOT NULL DEFAULT '';
ALTER TABLE clicks ADD COLUMN device TEXT NOT NULL DEFAULT 'desktop';
UPDATE clicks SET
  page = coalesce((SELECT p.page FROM page_views p WHERE p.session_id = clicks.session_id AND p.pv = clicks.pv), ''),
  device = coalesce((SELECT p.device FROM page_views p WHERE p.session_id = clicks.session_id AND p.pv = clicks.pv), 'desktop');
CREATE INDEX clicks_page ON clicks (site_id, page, device, ts);
