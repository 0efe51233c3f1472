// Writing the audit trail from routes: who (token label and role), what, which object
// (as a keyed hash of its id, so the trail holds no personal data and an officer can
// still ask "was session X read?" by hashing X the same way).
import type { Request } from 'express';
import type { AppContext } from '../context.ts';
import { keyedHash } from './secret.ts';

export type { AuditAction } from '../../contract/schemas/index.ts';
import type { AuditAction } from '../../contract/schemas/index.ts';

export const objectHash = (ctx: Pick<AppContext, 'secret'>, id: string): string => keyedHash(ctx.secret, `object:${id}`);

export async function audit(
  ctx: AppContext,
  actor: Request | { label: string; role: string },
  action: AuditAction,
  objectId?: string,
  detail: Record<string, number | string | boolean> = {},
): Promise<void> {
  const who = 'method' in actor ? { label: actor.identity?.label ?? 'visitor', role: actor.identity?.role ?? 'public' } : actor;
  await ctx.store.audit.appendAudit({
    at: Date.now(),
    actorLabel: who.label,
    actorRole: who.role,
    action,
    objectHash: objectId === undefined ? null : objectHash(ctx, objectId),
    detail,
  });
}
