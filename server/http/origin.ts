import type { Request } from 'express';
import type { Site } from '../store/sites.ts';
import type { Config } from '../config.ts';

/** host[:port] of an Origin header, or null for "null" and garbage. */
export function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/**
 * A page may send data for a site when its origin is one of the site's origins, or
 * is this server itself (the bundled /demo page). Requests without an Origin header
 * come from non-browser clients, which could forge any header anyway.
 */
export function originAllowed(req: Request, site: Site): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = originHost(origin);
  if (host === null) return false;
  if (host === req.headers.host) return true;
  return site.origins.includes(origin);
}

/**
 * This server's own origins, by the port it really listens on and PUBLIC_URL: never
 * from the Host header, which a client could forge to point the server's Chromium
 * (preview, heatmap screenshots) at another host.
 */
export function ownOrigins(config: Pick<Config, 'publicUrl'>, req: Request): Set<string> {
  const port = req.socket.localPort;
  const origins = new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`]);
  if (config.publicUrl) origins.add(new URL(config.publicUrl).origin);
  return origins;
}
