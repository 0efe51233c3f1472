// Visitor and session ids. Only ever called after consent: this is where the
// recorder first writes to the visitor's storage.
import { KEYS } from './types.ts';
import { sha256 } from './sha256.ts';

export interface SessionState {
  id: string;
  /** Next chunk number: continues across page loads of the same session. */
  seq: number;
  /** Next page view number. */
  pv: number;
  last: number;
}

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const newId = (): string => base64url(crypto.getRandomValues(new Uint8Array(16)));

/**
 * The visitor id is derived from a secret only this browser holds (the visitor key):
 * the first 22 characters (132 bits) of base64url(SHA-256(key)). Researchers see the
 * id; revoking needs the key, which the server checks against the id and never stores.
 * server/ingest/visitor-proof.ts derives it the same way.
 */
export const visitorIdOfKey = (key: string): string => base64url(sha256(Uint8Array.from(key, (c) => c.charCodeAt(0)))).slice(0, 22);

function read<T>(storage: Storage, key: string): T | null {
  try {
    return JSON.parse(storage.getItem(key) ?? 'null') as T | null;
  } catch {
    return null;
  }
}

function write(storage: Storage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // Storage full or disabled: the ids still work for this page view.
  }
}

export function visitorId(): string {
  let id: string | null = null;
  let key: string | null = null;
  try {
    id = localStorage.getItem(KEYS.visitor);
    key = localStorage.getItem(KEYS.visitorKey);
  } catch {
    // storage disabled
  }
  if (id && key && /^[A-Za-z0-9_-]{22}$/.test(key) && visitorIdOfKey(key) === id) return id;
  // First consent, or an id from before visitor keys, which nothing could prove: a new
  // key and the id it proves. The old id's session would be refused as another
  // visitor's, so a new session starts with it.
  key = newId();
  const fresh = visitorIdOfKey(key);
  write(localStorage, KEYS.visitorKey, key);
  write(localStorage, KEYS.visitor, fresh);
  if (id) {
    try {
      sessionStorage.removeItem(KEYS.session);
    } catch {
      // storage disabled
    }
  }
  return fresh;
}

/** The tab's current session, or a new one when there is none or it was idle for `idleMs` (timings.ts). */
export function openSession(idleMs: number, now = Date.now()): SessionState {
  const s = read<SessionState>(sessionStorage, KEYS.session);
  const fresh = s && typeof s.id === 'string' && typeof s.seq === 'number' && typeof s.pv === 'number' && now - s.last < idleMs;
  const state = fresh ? s : { id: newId(), seq: 0, pv: 0, last: now };
  saveSession(state);
  return state;
}

export function saveSession(state: SessionState): void {
  write(sessionStorage, KEYS.session, JSON.stringify(state));
}
