-- A fingerprint of the key the nodes hash customer ids with: an HMAC of a fixed text,
-- from which the key cannot be found. The first node to start records it; a node started
-- with another key refuses to start, instead of writing hashes no lookup would match.
CREATE TABLE secret_fingerprint (
  one         integer PRIMARY KEY CHECK (one = 1),
  fingerprint text NOT NULL,
  created_at  bigint NOT NULL
);
