// Typed client for the viewer's half of the HTTP API. Same origin, cookie auth.
// A 401 on any call other than sign-in means the cookie is gone (expired,
// revoked, signed out in another tab): we announce it once on `window`, and
// main.ts shows the sign-in form instead of every page handling it.
import type { eventWithTime } from '@rrweb/types';
import type { ErrorBody, Me, SessionDetail, SessionList, SiteSummary } from '../server/schemas.ts';

export const SIGNED_OUT_EVENT = 'einblick:signed-out';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Query for `GET /sessions`; absent keys are left out of the URL. */
export interface SessionFilter {
  site?: string;
  from?: string;
  to?: string;
  url?: string;
  minDuration?: number;
  device?: string;
  limit?: number;
  cursor?: string;
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** false for sign-in, where a 401 means "wrong token", not "signed out". */
  announceSignedOut?: boolean;
}

async function request(path: string, o: RequestOptions = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method: o.method ?? 'GET',
      credentials: 'same-origin',
      headers: o.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: o.body === undefined ? null : JSON.stringify(o.body),
      signal: o.signal ?? null,
    });
  } catch (err) {
    if (o.signal?.aborted) throw err;
    throw new ApiError(0, 'network', 'Could not reach the Einblick server. Check that it is running, then try again.');
  }
  if (res.ok) return res;
  const error = await errorFrom(res);
  if (res.status === 401 && o.announceSignedOut !== false) window.dispatchEvent(new CustomEvent(SIGNED_OUT_EVENT));
  throw error;
}

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as Partial<ErrorBody>;
    if (body.error && typeof body.error.message === 'string') return new ApiError(res.status, body.error.code, body.error.message, body.error.details);
  } catch {
    // Not our JSON error shape (a proxy's HTML page, say): fall through to a generic message.
  }
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${[res.status, res.statusText].filter(Boolean).join(' ')}.`);
}

async function json<T>(path: string, o?: RequestOptions): Promise<T> {
  return (await (await request(path, o)).json()) as T;
}

function queryString(filter: SessionFilter): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function signIn(token: string): Promise<void> {
  await request('/auth/login', { method: 'POST', body: { token }, announceSignedOut: false });
}

export async function signOut(): Promise<void> {
  await request('/auth/logout', { method: 'POST', announceSignedOut: false });
}

/** Who is signed in, or null when nobody is. */
export async function whoAmI(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await json<Me>('/auth/me', { signal, announceSignedOut: false });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function listSites(signal?: AbortSignal): Promise<SiteSummary[]> {
  return (await json<{ sites: SiteSummary[] }>('/sites', { signal })).sites;
}

export function listSessions(filter: SessionFilter, signal?: AbortSignal): Promise<SessionList> {
  return json<SessionList>(`/sessions${queryString(filter)}`, { signal });
}

export function getSession(id: string, signal?: AbortSignal): Promise<SessionDetail> {
  return json<SessionDetail>(`/sessions/${encodeURIComponent(id)}`, { signal });
}

export function getSessionEvents(id: string, signal?: AbortSignal): Promise<eventWithTime[]> {
  return json<eventWithTime[]>(`/sessions/${encodeURIComponent(id)}/events`, { signal });
}
