-- Claims on the asset capture's two queues, which several nodes read at once. A node
-- claims rows (FOR UPDATE SKIP LOCKED, so two claims at once never take the same row)
-- by writing its id and a lease's end; the claim outlives the claiming transaction, as
-- a fetch takes seconds, and a node that dies leaves rows that the lease hands back.
-- PostgreSQL only: SQLite has one node, whose worker tells its own rows apart in memory.
ALTER TABLE asset_urls ADD COLUMN claimed_by text;
ALTER TABLE asset_urls ADD COLUMN claimed_until bigint;
ALTER TABLE asset_scans ADD COLUMN claimed_by text;
ALTER TABLE asset_scans ADD COLUMN claimed_until bigint;
