// Visitor and session ids. Only ever called after consent: this is where the
// recorder first writes to the visitor's storage.
import { KEYS } from './types.ts';

/** A tab's session ends after 30 minutes without activity, as in most analytics tools. */
const SESSION_IDLE_MS = 30 * 60 * 1000;

export interface SessionState {
  id: string;
  /** Next chunk number: continues across page loads of the same session. */
  seq: number;
  /** Next page view number. */
  pv: number;
  last: number;
}

export const newId = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

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
  try {
    id = localStorage.getItem(KEYS.visitor);
  } catch {
    // storage disabled
  }
  if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
    id = newId();
    write(localStorage, KEYS.visitor, id);
  }
  return id;
}

/** The tab's current session, or a new one when there is none or it went idle. */
export function openSession(now = Date.now()): SessionState {
  const s = read<SessionState>(sessionStorage, KEYS.session);
  const fresh = s && typeof s.id === 'string' && typeof s.seq === 'number' && typeof s.pv === 'number' && now - s.last < SESSION_IDLE_MS;
  const state = fresh ? s : { id: newId(), seq: 0, pv: 0, last: now };
  saveSession(state);
  return state;
}

export function saveSession(state: SessionState): void {
  write(sessionStorage, KEYS.session, JSON.stringify(state));
}
