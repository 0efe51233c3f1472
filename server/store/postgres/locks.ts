// Every advisory lock key the PostgreSQL store takes, in one place, so two jobs never
// pick the same number by accident and wait on each other (or, worse, think they hold
// a lock the other holds). One bigint each (pg_advisory_lock(bigint)), spelling an
// ASCII word so the number says whose it is.
export const LOCKS = {
  /** Schema migrations at start: nodes starting together take turns (migrate.ts). */
  migrations: 0x65696e626c69636bn & 0x7fffffffffffffffn, // "einblick"
  /** The audit hash chain: one append at a time across nodes (audit.ts). */
  audit: 0x6175646974n, // "audit"
} as const;

/** A key as a query parameter: bigint is not serialised by pg, its decimal text is cast by PostgreSQL. */
export const lockKey = (key: bigint): string => key.toString();
