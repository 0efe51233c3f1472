// Unsent chunks, kept in IndexedDB (only ever after consent) until the server has
// acknowledged them, so a navigation or a closed tab does not lose a recording's
// tail: the next page load of the site sends them first.
/** The stub deletes this database on revoke by its literal name (stub.ts), to stay under 2 KB: test/unit/transport-outbox.test.ts keeps the two equal. */
export const OUTBOX_DB = 'einblick';
const STORE = 'outbox';

export interface OutboxEntry {
  /** session id */
  s: string;
  /** seq */
  q: number;
  /** the chunk's JSON */
  j: string;
}

export interface Outbox {
  put(entry: OutboxEntry): void;
  remove(session: string, seq: number): void;
  /** Everything still unsent, from earlier page loads too. */
  pending(): Promise<OutboxEntry[]>;
  close(): void;
}

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

export function openOutbox(): Outbox | null {
  if (typeof indexedDB === 'undefined') return null;
  const open = indexedDB.open(OUTBOX_DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: ['s', 'q'] });
  const db = done(open);
  // Storage can be unavailable (private mode, quota): the outbox is a safety net, never a reason to fail.
  const store = (mode: IDBTransactionMode) => db.then((d) => d.transaction(STORE, mode).objectStore(STORE));
  const quietly = (p: Promise<unknown>) => void p.catch(() => undefined);
  return {
    put: (entry) => quietly(store('readwrite').then((s) => done(s.put(entry)))),
    remove: (session, seq) => quietly(store('readwrite').then((s) => done(s.delete([session, seq])))),
    pending: () => store('readonly').then((s) => done(s.getAll()) as Promise<OutboxEntry[]>).catch(() => []),
    close: () => quietly(db.then((d) => d.close())),
  };
}
