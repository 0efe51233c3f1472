// The store: the only part of the server that speaks SQL, behind one contract (contract.ts)
// with two backends: one SQLite file (the default) and PostgreSQL.
export type { Store, StoreNamespaces } from './contract.ts';
export { createSqliteStore as createStore, openSqliteStore as openStore, type SqliteStore, NotDurableError } from './sqlite-store.ts';
