// Viewer sign-in: a token is exchanged for an HttpOnly, SameSite=Strict cookie, so
// the token itself never sits in the browser's script-readable storage.
import { Router } from 'express';
import { randomBytes } from 'node:crypto';
import { Login } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { LOGIN_COOKIE, LOGIN_TTL_MS, assertSameOrigin, hashSecret, loginCookieValue, requireRole } from '../http/auth.ts';
import { assertMayTry, signInFailed } from '../http/sign-in-guard.ts';
import type { AppContext } from '../context.ts';
import express from 'express';
import { audit } from '../privacy/audit.ts';

export function authRoutes(ctx: AppContext): Router {
  const { store, config } = ctx;
  const router = Router();
  const json = express.json({ limit: '4kb' });
  const cookieOptions = { httpOnly: true, sameSite: 'strict', secure: config.secureCookies, path: '/' } as const;

  router.post('/api/v1/auth/login', json, async (req, res) => {
    assertSameOrigin(req);
    const client = assertMayTry(store, req);
    const parsed = Login.safeParse(req.body);
    if (!parsed.success) {
      await signInFailed(store, client, 'login', 'invalid_login');
      throw invalid('invalid_login', parsed.error);
    }
    const who = await store.tokens.tokenByHash(hashSecret(parsed.data.token.trim()));
    if (!who) {
      await signInFailed(store, client, 'login', 'invalid_token');
      throw new HttpError(401, 'invalid_token', 'This token is not valid (wrong, or revoked).');
    }
    const login = randomBytes(32).toString('base64url');
    await store.tokens.insertLogin(hashSecret(login), who.id, Date.now() + LOGIN_TTL_MS);
    res.cookie(LOGIN_COOKIE, login, { ...cookieOptions, maxAge: LOGIN_TTL_MS });
    await audit(ctx, { label: who.label, role: who.role }, 'auth.login');
    res.status(204).end();
  });

  router.post('/api/v1/auth/logout', async (req, res) => {
    assertSameOrigin(req);
    const login = loginCookieValue(req);
    if (login) await store.tokens.deleteLogin(hashSecret(login));
    res.clearCookie(LOGIN_COOKIE, cookieOptions);
    res.status(204).end();
  });

  router.get('/api/v1/auth/me', requireRole(store, 'any'), (req, res) => {
    const who = req.identity!;
    res.json({ role: who.role, label: who.label });
  });

  return router;
}
