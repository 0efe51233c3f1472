-- Tokens an admin can list and revoke: when each was last used (to spot unused ones),
-- and which one came from EINBLICK_ADMIN_TOKEN, so changing that variable revokes the
-- one it replaces. Tokens made from the variable before this migration carry its label.
ALTER TABLE tokens ADD COLUMN last_used_at INTEGER;
ALTER TABLE tokens ADD COLUMN from_env INTEGER NOT NULL DEFAULT 0;
UPDATE tokens SET from_env = 1 WHERE label = 'admin (EINBLICK_ADMIN_TOKEN)';
