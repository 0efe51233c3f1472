// Tokens, viewer logins and the requireRole middleware.
import { createHash, randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import type { Role } from '../../contract/schemas/index.ts';
import type { Store } from '../store/index.ts';
import type { TokenIdentity } from '../store/tokens.ts';
import { HttpError } from './http-error.ts';
import { originHost } from './origin.ts';
import { assertViewerRead } from './fetch-metadata.ts';
import { assertMayTry, signInFailed } from './sign-in-guard.ts';

export const LOGIN_COOKIE = 'einblick_login';
export const LOGIN_TTL_MS = 12 * 60 * 60 * 1000;

/** Tokens are 256 random bits, so one round of sha256 is enough to store them safely. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newToken = (): string => 'ebk_' + randomBytes(32).toString('base64url');

export async function createToken(store: Store, role: Role, label: string): Promise<string> {
  const token = newToken();
  await store.tokens.insertToken(hashSecret(token), role, label);
  return token;
}

declare module 'express-serve-static-core' {
  interface Request {
    identity?: TokenIdentity;
  }
}

function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export const loginCookieValue = (req: Request): string | undefined => readCookie(req, LOGIN_COOKIE);

export interface RoleOptions {
  /**
   * Lets page elements (<img>, <link rel=stylesheet>) load the route with the login cookie.
   * Only for reads without side effects and without an audit row, e.g. a replay's captured
   * assets; audited reads must never set it.
   */
  embeddable?: boolean;
}

async function identify(store: Store, req: Request, options: RoleOptions): Promise<TokenIdentity | null> {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const client = assertMayTry(store, req);
    const who = await store.tokens.tokenByHash(hashSecret(auth.slice(7).trim()));
    if (!who) await signInFailed(store, client, 'bearer', 'invalid_token');
    return who;
  }
  const cookie = loginCookieValue(req);
  if (!cookie) return null;
  // A cookie rides along on cross-site requests that SameSite does not stop (same-site
  // subdomains); a state-changing request must also come from our own origin, and a
  // read from the viewer's own code, not from an element of a replayed page.
  if (req.method !== 'GET' && req.method !== 'HEAD') assertSameOrigin(req);
  else if (!options.embeddable) assertViewerRead(req);
  return await store.tokens.loginByHash(hashSecret(cookie));
}

export function assertSameOrigin(req: Request): void {
  const origin = req.headers.origin;
  if (origin !== undefined && originHost(origin) !== req.headers.host) {
    throw new HttpError(403, 'cross_origin', 'This request must come from the viewer itself.');
  }
}

const ALLOWED: Record<Role, readonly Role[]> = {
  researcher: ['researcher', 'admin'],
  privacy: ['privacy', 'admin'],
  admin: ['admin'],
};

/** Lets the request through when its token or login has one of the roles that may do `need`. */
export function requireRole(store: Store, need: Role | 'any', options: RoleOptions = {}): RequestHandler {
  return async (req, _res, next) => {
    const who = await identify(store, req, options);
    if (!who) throw new HttpError(401, 'unauthenticated', 'Sign in with a token: Authorization: Bearer TOKEN, or POST /api/v1/auth/login.');
    if (need !== 'any' && !ALLOWED[need].includes(who.role)) {
      throw new HttpError(403, 'forbidden', `This needs the ${need} role; your token has the ${who.role} role.`);
    }
    req.identity = who;
    next();
  };
}
