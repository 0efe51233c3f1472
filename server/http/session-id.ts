// A session id in a path: anything that is not one cannot name a session, so it is a 404.
import { z } from 'zod';
import { HttpError } from './http-error.ts';

export const SessionId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

export function sessionIdParam(raw: unknown): string {
  const parsed = SessionId.safeParse(raw);
  if (!parsed.success) throw new HttpError(404, 'session_not_found', 'No such session.');
  return parsed.data;
}
