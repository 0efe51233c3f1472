-- A site's pages are keyed by path plus its pageQueryKeys. When those keys change, the
-- rows already stored (page views, clicks, survey answers and showings, and the heatmap
-- counters made of them) are re-keyed by a background pass in small batches; this is
-- where that pass stands, so a restart resumes it: JSON {"table": ..., "after": rowid},
-- NULL when every row follows the site's current keys.
ALTER TABLE sites ADD COLUMN page_rekey TEXT;
