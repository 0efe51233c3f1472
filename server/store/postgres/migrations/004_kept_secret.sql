-- The key of the customer-id hashes, kept in the database only when the nodes were started
-- without EINBLICK_SECRET_KEY: then every node reads the one key the first node made. With
-- EINBLICK_SECRET_KEY set this table stays empty and only the fingerprint (003) is kept.
CREATE TABLE kept_secret (
  one        integer PRIMARY KEY CHECK (one = 1),
  secret     text NOT NULL,
  created_at bigint NOT NULL
);
