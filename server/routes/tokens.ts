// Tokens: created, listed (never their secret) and revoked by admins. Revoking ends the
// token's viewer logins at once, so a leaked token stops working everywhere.
import { Router } from 'express';
import express from 'express';
import { NewToken, TokenId } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { createToken, requireRole } from '../http/auth.ts';
import type { AppContext } from '../context.ts';
import { audit } from '../privacy/audit.ts';

export function tokenRoutes(ctx: AppContext): Router {
  const { store } = ctx;
  const router = Router();
  const admin = requireRole(store, 'admin');

  router.post('/api/v1/tokens', admin, express.json({ limit: '4kb' }), async (req, res) => {
    const parsed = NewToken.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_token_request', parsed.error);
    const token = await createToken(store, parsed.data.role, parsed.data.label);
    await audit(ctx, req, 'token.create', undefined, { role: parsed.data.role });
    res.status(201).json({ token, role: parsed.data.role, label: parsed.data.label });
  });

  router.get('/api/v1/tokens', admin, async (_req, res) => {
    res.json({ tokens: await store.tokens.listTokens() });
  });

  router.delete('/api/v1/tokens/:id', admin, async (req, res) => {
    const id = TokenId.safeParse(req.params.id);
    const token = id.success ? await store.tokens.tokenById(id.data) : null;
    if (!id.success || !token) throw new HttpError(404, 'token_not_found', 'No token has this id (see GET /api/v1/tokens).');
    if (token.revokedAt === null && token.role === 'admin' && await store.tokens.activeAdminCount() <= 1) {
      throw new HttpError(409, 'last_admin_token', 'This is the last admin token: create another admin token first, or nobody could manage Einblick any more.');
    }
    const revoked = (await store.tokens.revokeToken(token.id))!;
    // Revoking twice is no new act: the trail gets one row per token.
    if (token.revokedAt === null) await audit(ctx, req, 'token.revoke', undefined, { token: token.id, role: token.role });
    res.json(revoked);
  });

  return router;
}
