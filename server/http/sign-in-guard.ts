// Every way to present a token (POST /auth/login, Authorization: Bearer) shares one
// throttle per client address, so a guesser cannot skip the sign-in form's limit by
// asking the API directly. Failures are in the audit trail without the value tried.
import type { Request } from 'express';
import type { Store } from '../store/index.ts';
import { HttpError } from './http-error.ts';
import { clientKey, createLoginThrottle } from './login-throttle.ts';

// One throttle per server (tests run several in one process); it lives as long as its store.
const throttles = new WeakMap<Store, ReturnType<typeof createLoginThrottle>>();

function throttleOf(store: Store): ReturnType<typeof createLoginThrottle> {
  let t = throttles.get(store);
  if (!t) throttles.set(store, (t = createLoginThrottle()));
  return t;
}

/** Answers 429 with Retry-After while this client has failed too often; else its throttle key. */
export function assertMayTry(store: Store, req: Request): string {
  // req.ip: the socket's address, or the visitor's behind a proxy TRUST_PROXY names (one
  // throttle for everyone behind nginx would let a guesser lock every officer out).
  const client = clientKey(req.ip ?? req.socket.remoteAddress);
  const wait = throttleOf(store).retryAfter(client);
  if (wait > 0) {
    throw new HttpError(429, 'too_many_sign_ins', `Too many failed sign-ins from your address: try again in ${wait} s.`, undefined, { 'Retry-After': String(wait) });
  }
  return client;
}

export async function signInFailed(store: Store, client: string, via: 'login' | 'bearer', reason: 'invalid_token' | 'invalid_login'): Promise<void> {
  throttleOf(store).failed(client);
  await store.audit.appendAudit({ at: Date.now(), actorLabel: 'unknown', actorRole: 'public', action: 'auth.failure', objectHash: null, detail: { via, reason } });
}
