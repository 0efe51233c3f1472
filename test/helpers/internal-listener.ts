// Stand-ins for what the server's own browser must never reach, and for a registered
// site that tries to send it there: an "internal" service on another 127.0.0.1 port
// that counts every connection, and a site with an open redirect that counts requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InternalListener {
  /** http://127.0.0.1:port: neither the Einblick server nor a registered origin. */
  url: string;
  /** Connections made to it (HTTP, WebSocket upgrades, TLS attempts alike). */
  hits(): number;
  close(): Promise<void>;
}

export async function startInternalListener(): Promise<InternalListener> {
  let hits = 0;
  const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>internal-secret-4711</h1>'));
  server.on('connection', () => hits++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits: () => hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

export interface RedirectSite {
  /** http://localhost:port, to be registered as a site origin. */
  origin: string;
  /** Requests seen per `kind` query value (of /redirect and /settled). */
  seen(path: string, kind: string): number;
  close(): Promise<void>;
}

/** A site with `/redirect?to=URL` (an open redirect), `/settled?kind=` (a page script's report) and `pages[path]` as HTML. */
export async function startRedirectSite(pages: Record<string, string>): Promise<RedirectSite> {
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const key = `${url.pathname} ${url.searchParams.get('kind') ?? ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (url.pathname === '/redirect') return void res.writeHead(302, { Location: url.searchParams.get('to') ?? '/' }).end();
    const page = pages[url.pathname];
    if (page !== undefined) return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    res.writeHead(url.pathname === '/settled' ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    seen: (path, kind) => seen.get(`${path} ${kind}`) ?? 0,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
