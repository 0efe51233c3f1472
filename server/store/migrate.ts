// Brings a database's schema up to date, and refuses to start on one whose history
// does not match the code (Flyway's checksum validation, Rails' schema_migrations):
// every applied migration is recorded with the SHA-256 of its text, every file not
// yet recorded is applied in order, and an edited, unknown or newer one stops the
// start with a message that names it. user_version alone could not tell a database
// created between two landings (009 applied before 008 existed) from an up-to-date one.
// The rules on files and history are shared with PostgreSQL's runner: migration-files.ts.
import Database from 'better-sqlite3';
import { failedMigration, MigrationError, refuseDrift, type Applied, type Migration } from './migration-files.ts';

// The file rules are shared with the PostgreSQL runner; importers of this module keep their names.
export { MigrationError, readMigrations, type Migration } from './migration-files.ts';

type Db = Database.Database;

/** The pre-squash databases (001-014 tracked by user_version only): adopted if their schema is the baseline's. */
const LAST_UNRECORDED_VERSION = 14;

export function migrate(db: Db, migrations: Migration[]): { applied: string[] } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  adoptUnrecorded(db, migrations);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as Applied[];
  refuseDrift(applied, migrations);
  const done = new Set(applied.map((a) => a.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const ran: string[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    try {
      // One transaction per migration: a failed one leaves the database as it was before it.
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, m.checksum, Date.now());
      })();
    } catch (err) {
      throw failedMigration(m, err);
    }
    ran.push(m.name);
  }
  return { applied: ran };
}

/**
 * A database made before migrations were recorded has user_version 1-14 and no rows in
 * schema_migrations. It is taken as the baseline only if its schema is exactly the
 * baseline's; anything else (a skipped migration, a hand edit) is refused by name.
 */
function adoptUnrecorded(db: Db, migrations: Migration[]): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const recorded = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
  if (version === 0 || recorded > 0) return;
  const baseline = migrations[0];
  if (version !== LAST_UNRECORDED_VERSION || !baseline || schemaOf(db) !== baselineSchema(baseline.sql)) {
    throw new MigrationError(`The database was made by an older Einblick (schema version ${version}) and its schema differs from ${baseline?.name ?? 'the baseline'}; it cannot be upgraded safely. Export what you need with that version and start with a new data directory.`);
  }
  db.transaction(() => {
    db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)').run(baseline.version, baseline.name, baseline.checksum, Date.now());
    db.pragma('user_version = 0');
  })();
}

/** Tables' columns, keys and indexes, as SQLite reports them: comparable across how the schema was reached. */
export function schemaOf(db: Db): string {
  const objects = db
    .prepare(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY type, name`)
    .all() as { type: string; name: string }[];
  return objects
    .map(({ type, name }) =>
      type === 'table'
        ? `table ${name} ${JSON.stringify(db.pragma(`table_xinfo("${name}")`))} ${JSON.stringify(db.pragma(`foreign_key_list("${name}")`))}`
        : `${type} ${name} ${JSON.stringify(db.pragma(`index_xinfo("${name}")`))}`,
    )
    .join('\n');
}

function baselineSchema(sql: string): string {
  const fresh = new Database(':memory:');
  try {
    fresh.exec(sql);
    return schemaOf(fresh);
  } finally {
    fresh.close();
  }
}
