// Rate limits of the public endpoints: 429 with Retry-After, which the recorder honours.
import type { Request } from 'express';
import { createLimiter } from '../http/rate-limit.ts';
import { HttpError } from '../http/http-error.ts';
import type { Limits } from '../config.ts';

export function publicLimits(limits: Limits) {
  const client = createLimiter(limits.perClient);
  const site = createLimiter(limits.perSite);
  const refuse = (wait: number, who: string) =>
    new HttpError(429, 'rate_limited', `Too many requests from this ${who}; retry in ${wait} s.`, undefined, { 'Retry-After': String(wait) });
  return {
    checkClient(req: Request): void {
      // req.ip is the socket's address unless TRUST_PROXY names the proxy in front.
      const wait = client(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      if (wait) throw refuse(wait, 'client');
    },
    checkSite(siteKey: string): void {
      const wait = site(siteKey);
      if (wait) throw refuse(wait, 'site');
    },
  };
}
