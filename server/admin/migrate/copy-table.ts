// Copies one table's rows from SQLite into PostgreSQL in multi-row INSERTs. With a blob
// store, each chunk's bytes go to the bucket first and its row gets the marker naming
// them, as the PostgreSQL store itself writes chunks when BLOB_STORE_URL is set.
import type { BlobStore } from '../../store/blobs/blob-store.ts';
import { chunkKeyOf, keyOfMarker, markerOf } from '../../store/blobs/chunk-keys.ts';
import type { Queryable } from '../../store/postgres/db.ts';
import type { PgTable } from './pg-tables.ts';
import { ident, type SqliteSource } from './sqlite-source.ts';

export interface TableCopy {
  rows: number;
  /** Chunk blobs put into the bucket. */
  blobsPut: number;
  /** Chunk rows that already named a blob (the install kept its blobs in a bucket). */
  blobsKept: number;
}

// PostgreSQL's wire protocol numbers parameters with 16 bits.
const MAX_PARAMS = 65_535;
const MAX_ROWS = 2_000;
// Chunks are up to a few MB each: one statement of many would hold them all in memory twice.
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
const PUT_CONCURRENCY = 8;

type Row = Record<string, unknown>;

const sizeOf = (v: unknown): number => (Buffer.isBuffer(v) ? v.length : typeof v === 'string' ? v.length * 2 : 8);

export async function copyTable(t: PgTable, source: SqliteSource, target: Queryable, blobs: BlobStore | null, onRows: (done: number) => void): Promise<TableCopy> {
  const external = t.name === 'chunks';
  const select = t.columns.map((c) => `t.${ident(c)}`).join(', ');
  // A chunk's key names its session's site and visitor, which only the session row holds.
  const join = external ? ', s.site_id AS "__site", s.visitor_id AS "__visitor" FROM chunks t LEFT JOIN sessions s ON s.id = t.session_id' : ` FROM ${ident(t.name)} t`;
  const order = source.hasRowid(t.name) ? ' ORDER BY t.rowid' : '';
  const rows = source.db.prepare(`SELECT ${select}${join}${order}`).iterate() as IterableIterator<Row>;

  const perRow = Math.max(1, Math.floor(MAX_PARAMS / t.columns.length));
  const limit = Math.min(MAX_ROWS, perRow);
  const result: TableCopy = { rows: 0, blobsPut: 0, blobsKept: 0 };
  let batch: Row[] = [];
  let bytes = 0;
  const flush = async () => {
    if (!batch.length) return;
    if (external) await moveBlobs(batch, blobs, result);
    await insert(target, t, batch);
    result.rows += batch.length;
    onRows(result.rows);
    batch = [];
    bytes = 0;
  };
  for (const row of rows) {
    const size = t.columns.reduce((n, c) => n + sizeOf(row[c]), 0);
    if (batch.length && (batch.length >= limit || bytes + size > MAX_BATCH_BYTES)) await flush();
    batch.push(row);
    bytes += size;
  }
  await flush();
  return result;
}

async function insert(target: Queryable, t: PgTable, batch: Row[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = batch.map((row) => `(${t.columns.map((c) => `$${values.push(row[c])}`).join(', ')})`);
  // OVERRIDING SYSTEM VALUE: the ids are SQLite's, which other rows refer to.
  const overriding = t.identities.length ? ' OVERRIDING SYSTEM VALUE' : '';
  await target.query(`INSERT INTO ${ident(t.name)} (${t.columns.map(ident).join(', ')})${overriding} VALUES ${tuples.join(', ')}`, values);
}

/** Puts each chunk's bytes in the bucket and swaps them for the marker, in place. */
async function moveBlobs(batch: Row[], blobs: BlobStore | null, result: TableCopy): Promise<void> {
  const todo: { row: Row; key: string }[] = [];
  for (const row of batch) {
    const data = row.data as Buffer;
    if (keyOfMarker(data) !== null) {
      // The SQLite install kept this chunk in a bucket already: the row names it as it is.
      if (!blobs) throw new Error(`chunk ${String(row.session_id)}/${String(row.seq)} is kept in a bucket (the install ran with BLOB_STORE_URL): set the same BLOB_STORE_URL and AWS_* variables for the migration`);
      result.blobsKept++;
      continue;
    }
    if (!blobs) continue;
    if (row.__site === null || row.__site === undefined) throw new Error(`chunk ${String(row.session_id)}/${String(row.seq)} has no session row in SQLite, so its blob cannot be named`);
    const key = chunkKeyOf({ siteId: Number(row.__site), visitor: String(row.__visitor), session: String(row.session_id), seq: Number(row.seq), hash: row.hash as Buffer });
    todo.push({ row, key });
  }
  for (let i = 0; i < todo.length; i += PUT_CONCURRENCY) {
    await Promise.all(todo.slice(i, i + PUT_CONCURRENCY).map(({ row, key }) => blobs!.put(key, row.data as Buffer)));
  }
  for (const { row, key } of todo) row.data = markerOf(key);
  result.blobsPut += todo.length;
}
