// The one list of places the server's Chromium may reach: this server's own origins
// and the registered sites' origins, each matched exactly (scheme, host and port).
// Loopback and private addresses are allowed only where an origin says so: this
// server itself, and a site origin that names such an address outright (an IP
// literal or localhost, as in a test or an intranet). A site origin given by DNS
// name must resolve to public addresses, unless the operator allowed private ones.
import { isIP } from 'node:net';

export interface AllowedTarget {
  origin: string;
  /** May this origin's host be a loopback, private or link-local address? */
  insideAllowed: boolean;
}

export interface AllowList {
  /** The rule for a URL (http, https, ws, wss), or null when it may not be reached. */
  forUrl(url: URL): AllowedTarget | null;
  /** The rule for a CONNECT tunnel to host:port (https, wss, or ws through a proxy). */
  forAuthority(host: string, port: number): AllowedTarget | null;
  readonly origins: readonly string[];
}

const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443, 'ws:': 80, 'wss:': 443 };
/** ws:// and wss:// are the same servers as http:// and https://. */
const AS_HTTP: Record<string, string> = { 'ws:': 'http:', 'wss:': 'https:' };

function parseOrigin(origin: string): URL | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

const namesInside = (hostname: string) => isIP(hostname.replace(/^\[(.*)\]$/, '$1')) !== 0 || hostname === 'localhost';
const portOf = (url: URL) => Number(url.port || DEFAULT_PORT[url.protocol]);

export function allowList(o: { own: Iterable<string>; sites: Iterable<string>; privateSites?: boolean }): AllowList {
  const byOrigin = new Map<string, AllowedTarget>();
  const add = (raw: string, own: boolean) => {
    const url = parseOrigin(raw);
    if (!url) return;
    const prior = byOrigin.get(url.origin);
    const insideAllowed = own || namesInside(url.hostname) || (o.privateSites ?? false);
    byOrigin.set(url.origin, { origin: url.origin, insideAllowed: insideAllowed || (prior?.insideAllowed ?? false) });
  };
  for (const origin of o.own) add(origin, true);
  for (const origin of o.sites) add(origin, false);
  const targets = [...byOrigin.values()];
  return {
    origins: targets.map((t) => t.origin),
    forUrl(url) {
      const protocol = AS_HTTP[url.protocol] ?? url.protocol;
      if (!(protocol in DEFAULT_PORT)) return null;
      const origin = `${protocol}//${url.host}`;
      return byOrigin.get(new URL(origin).origin) ?? null;
    },
    forAuthority(host, port) {
      const hostname = host.toLowerCase();
      return targets.find((t) => {
        const url = new URL(t.origin);
        return url.hostname === hostname && portOf(url) === port;
      }) ?? null;
    },
  };
}

/** This list narrowed to one origin (keeping that origin's rule), e.g. for an offline replay of its page. */
export function narrowTo(list: AllowList, origin: string): AllowList {
  const target = list.forUrl(new URL(origin));
  return allowList({ own: target?.insideAllowed ? [origin] : [], sites: target && !target.insideAllowed ? [origin] : [] });
}
