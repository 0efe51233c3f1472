// Which tables a migration fills, with which columns, in which order: read from the
// target's own catalog, so a table or column added to the PostgreSQL schema is copied
// without this code knowing its name (the schema mirrors SQLite's names).
import type { Queryable } from '../../store/postgres/db.ts';

export interface PgTable {
  name: string;
  /** Columns a value is written to, in the table's order (generated ones left out). */
  columns: string[];
  /** Identity columns, whose sequences must continue after the copied values. */
  identities: string[];
  /** Columns that have no value unless one is given: NOT NULL, no default, no identity. */
  required: string[];
}

// Bookkeeping of the target itself: written by its migrations and by adoptSecret, never copied.
const NOT_COPIED = new Set(['schema_migrations', 'secret_fingerprint']);

export async function pgTables(on: Queryable): Promise<PgTable[]> {
  const cols = (
    await on.query<{ table_name: string; column_name: string; is_identity: string; is_generated: string; is_nullable: string; column_default: string | null }>(
      `SELECT c.table_name, c.column_name, c.is_identity, c.is_generated, c.is_nullable, c.column_default
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY c.table_name, c.ordinal_position`,
    )
  ).rows;
  const tables = new Map<string, PgTable>();
  for (const c of cols) {
    if (NOT_COPIED.has(c.table_name)) continue;
    let t = tables.get(c.table_name);
    if (!t) tables.set(c.table_name, (t = { name: c.table_name, columns: [], identities: [], required: [] }));
    if (c.is_generated === 'ALWAYS') continue;
    t.columns.push(c.column_name);
    if (c.is_identity === 'YES') t.identities.push(c.column_name);
    else if (c.is_nullable === 'NO' && c.column_default === null) t.required.push(c.column_name);
  }
  const edges = (
    await on.query<{ child: string; parent: string }>(
      `SELECT ch.relname AS child, pa.relname AS parent
         FROM pg_constraint k
         JOIN pg_class ch ON ch.oid = k.conrelid
         JOIN pg_class pa ON pa.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = ch.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    )
  ).rows;
  return parentsFirst([...tables.values()], edges);
}

/**
 * Referenced tables before the tables that reference them: foreign keys stay checked
 * during the copy (only user triggers are disabled). A table referencing itself needs
 * no order among tables; its rows go in SQLite's rowid order.
 */
export function parentsFirst<T extends { name: string }>(tables: T[], edges: { child: string; parent: string }[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set()]));
  for (const e of edges) if (e.child !== e.parent && byName.has(e.child) && byName.has(e.parent)) parents.get(e.child)!.add(e.parent);
  const done = new Set<string>();
  const out: T[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`the foreign keys between PostgreSQL tables form a cycle through ${name}: no order to copy them in`);
    visiting.add(name);
    // Sorted, so the copy's order (and its progress lines) is the same on every run.
    for (const p of [...parents.get(name)!].sort()) visit(p);
    visiting.delete(name);
    done.add(name);
    out.push(byName.get(name)!);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return out;
}
