// One scenario, both backends: an in-memory SQLite store and a fresh PostgreSQL database,
// with rows put into both alike, so a test can run the same calls on each and compare.
import { openDatabase } from '../../server/store/db.ts';
import { createStore, type Store } from '../../server/store/index.ts';
import { openMigratedPg } from '../../server/store/postgres/open.ts';
import type { Pg } from '../../server/store/postgres/db.ts';
import { freshPgDatabase, type FreshDatabase } from './postgres.ts';

export type Row = Record<string, string | number | Buffer | null>;

export interface TwoBackends {
  sqlite: Store;
  pg: Pg;
  database: FreshDatabase;
  /** Inserts the same rows into the same table of both. */
  insert(table: string, rows: Row | Row[]): Promise<void>;
  /** Every table's rows on each backend (SQLite's and PostgreSQL's own bookkeeping left out). */
  everyRow(): Promise<{ sqlite: Record<string, Row[]>; pg: Record<string, Row[]> }>;
  close(): Promise<void>;
}

export async function twoBackends(prefix: string, o: { max?: number } = {}): Promise<TwoBackends> {
  const sqlite = createStore(openDatabase(':memory:'));
  const database = await freshPgDatabase(prefix);
  const pg = await openMigratedPg(database.url, o);
  return {
    sqlite,
    pg,
    database,
    async insert(table, rows) {
      for (const row of Array.isArray(rows) ? rows : [rows]) {
        const cols = Object.keys(row);
        sqlite.db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(row));
        await pg.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, Object.values(row));
      }
    },
    async everyRow() {
      const out = { sqlite: {} as Record<string, Row[]>, pg: {} as Record<string, Row[]> };
      const liteTables = sqlite.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
      for (const { name } of liteTables) out.sqlite[name] = sqlite.db.prepare(`SELECT * FROM "${name}"`).all() as Row[];
      const pgTables = await pg.rows<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
      for (const { name } of pgTables) out.pg[name] = await pg.rows<Row>(`SELECT * FROM "${name}"`);
      return out;
    },
    async close() {
      sqlite.close();
      await pg.close();
      await database.drop();
    },
  };
}

/** The tables holding any of `needles` in any column (text, or bytes read as text), with the rows. */
export function tablesHolding(tables: Record<string, Row[]>, needles: string[]): Record<string, number> {
  const found: Record<string, number> = {};
  for (const [table, rows] of Object.entries(tables)) {
    const n = rows.filter((r) => Object.values(r).some((v) => {
      const text = Buffer.isBuffer(v) ? v.toString('latin1') : String(v);
      return needles.some((needle) => text.includes(needle));
    })).length;
    if (n) found[table] = n;
  }
  return found;
}
