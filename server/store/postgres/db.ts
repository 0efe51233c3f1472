// The PostgreSQL connection pool and the two ways the PostgreSQL store modules use it:
// one statement (`q`), or several in one transaction (`tx`). Every module takes a `Pg`
// and speaks SQL only through these, so a transaction is one client from begin to end.
import pg from 'pg';
export { redactedUrl } from './redacted-url.ts';

/** What a statement runs on: the pool (its own connection) or a transaction's client. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Pg {
  pool: pg.Pool;
  /** Rows of one statement. */
  rows<R extends pg.QueryResultRow>(text: string, values?: unknown[], on?: Queryable): Promise<R[]>;
  /** The first row of one statement, or undefined. */
  row<R extends pg.QueryResultRow>(text: string, values?: unknown[], on?: Queryable): Promise<R | undefined>;
  /** Rows changed by one statement. */
  run(text: string, values?: unknown[], on?: Queryable): Promise<number>;
  /**
   * Runs `work` in one transaction on one client: committed when it resolves, rolled back
   * when it throws. A serialization failure or deadlock (40001, 40P01) is retried, so
   * `work` must not have effects outside the database.
   */
  tx<T>(work: (c: pg.PoolClient) => Promise<T>, isolation?: 'read committed' | 'repeatable read' | 'serializable'): Promise<T>;
  close(): Promise<void>;
}

// bigint (int8) and numeric come back as strings by default; every such column here is a
// count, an id or a millisecond time, well inside Number.MAX_SAFE_INTEGER.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

const RETRYABLE = new Set(['40001', '40P01']);

/**
 * A database that accepts connections and then never answers must not hold requests (and
 * the pool's connections) forever: the server's requests get an error (503, retry) instead.
 * Schema migrations may run long on big tables, so their pool has none (`timeouts: false`).
 */
const TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  // Cancelled by the server after a minute; the client gives up 30 s later if even that gets no answer.
  statement_timeout: 60_000,
  query_timeout: 90_000,
  idle_in_transaction_session_timeout: 300_000,
  // A peer gone without a word (a cut network) is found by TCP keep-alive, not at the next query.
  keepAlive: true,
};

export function openPg(url: string, o: { max?: number; timeouts?: boolean } = {}): Pg {
  const pool = new pg.Pool({ connectionString: url, max: o.max ?? 10, application_name: 'einblick', ...(o.timeouts === false ? { keepAlive: true } : TIMEOUTS) });
  // An idle client whose connection drops (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // A connection that drops while its client is checked out (between the statements of a
  // transaction) is emitted as an 'error' on that client, which would end the process if
  // nobody listened. The statement under way, or the next one, rejects with it anyway.
  pool.on('connect', (client) => client.on('error', () => {}));
  const run = async <R extends pg.QueryResultRow>(text: string, values: unknown[] | undefined, on: Queryable | undefined) =>
    (on ?? pool).query<R>(text, values);

  return {
    pool,
    rows: async <R extends pg.QueryResultRow>(text: string, values?: unknown[], on?: Queryable) => (await run<R>(text, values, on)).rows,
    row: async <R extends pg.QueryResultRow>(text: string, values?: unknown[], on?: Queryable) => (await run<R>(text, values, on)).rows[0] as R | undefined,
    run: async (text, values, on) => (await run(text, values, on)).rowCount ?? 0,
    async tx(work, isolation = 'read committed') {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
          const result = await work(client);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          const code = (err as { code?: string }).code;
          if (!(code && RETRYABLE.has(code) && attempt < 5)) throw err;
        } finally {
          client.release();
        }
      }
    },
    close: () => pool.end(),
  };
}
