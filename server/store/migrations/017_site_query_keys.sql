-- The query keys whose values a site declares safe to keep (PATCH /api/v1/sites/:key
-- pageQueryKeys): in strict mode every other query value is masked in stored URLs
-- and the rows derived from them. A JSON array of at most 20 keys of [A-Za-z0-9_.-].
ALTER TABLE sites ADD COLUMN page_query_keys TEXT NOT NULL DEFAULT '[]';
