// A forward proxy, on 127.0.0.1 only, that every request of the server's Chromium goes
// through (Chromium is started with it as its proxy, loopback included). Each request,
// each redirect hop (a new request to the proxy), each CONNECT tunnel (https, wss) is
// checked against the allow-list, its host resolved and vetted here, and the proxy
// connects to that vetted address itself. What is refused gets a 403 and is counted.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AllowList, AllowedTarget } from './allow-list.ts';
import { EgressRefused, resolveTarget } from './resolve-target.ts';

export interface ForwardProxy {
  /** http://127.0.0.1:port, for Chromium's --proxy-server. */
  url: string;
  /** Requests refused so far, each as "host: reason". */
  refused: string[];
  close(): Promise<void>;
}

/** Headers that belong to the hop to the proxy, not to the request it forwards. */
const HOP_BY_HOP = ['proxy-connection', 'proxy-authorization', 'connection', 'keep-alive', 'te', 'trailer', 'upgrade'];
const CONNECT_TIMEOUT_MS = 15_000;
const KEPT_REFUSALS = 100;

export async function startForwardProxy(allow: AllowList): Promise<ForwardProxy> {
  const refused: string[] = [];
  const sockets = new Set<Socket | Duplex>();
  const refuse = (what: string, reason: string) => {
    if (refused.length < KEPT_REFUSALS) refused.push(`${what}: ${reason}`);
  };

  async function vet(rule: AllowedTarget | null, host: string, what: string): Promise<string | null> {
    if (!rule) {
      refuse(what, 'not this server nor a registered site origin');
      return null;
    }
    try {
      return (await resolveTarget(host, rule.insideAllowed)).address;
    } catch (err) {
      refuse(what, err instanceof EgressRefused ? err.reason : String(err));
      return null;
    }
  }

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.protocol !== 'http:') {
      refuse(url.protocol, 'only http is forwarded; https goes through CONNECT');
      res.writeHead(403).end();
      return;
    }
    const address = await vet(allow.forUrl(url), url.hostname, url.origin);
    if (!address) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Refused by Einblick: not an allowed destination.');
      return;
    }
    const headers = { ...req.headers };
    for (const name of HOP_BY_HOP) delete headers[name];
    const upstream = httpRequest({ host: address, port: Number(url.port || 80), method: req.method, path: url.pathname + url.search, headers, timeout: CONNECT_TIMEOUT_MS }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  }

  async function tunnel(req: IncomingMessage, client: Duplex, head: Buffer): Promise<void> {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let target: URL;
    try {
      target = new URL(`http://${req.url ?? ''}`);
    } catch {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const port = Number(target.port || 443);
    const address = await vet(allow.forAuthority(target.hostname, port), target.hostname, `${target.hostname}:${port}`);
    if (!address) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect({ host: address, port, timeout: CONNECT_TIMEOUT_MS });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('timeout', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  const server = createServer((req, res) => void forward(req, res).catch(() => res.destroy()));
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => void tunnel(req, client, head).catch(() => client.destroy()));
  // Chromium sends WebSockets through CONNECT; a plain upgrade request is not forwarded.
  server.on('upgrade', (req: IncomingMessage, client: Duplex) => {
    refuse(String(req.url).slice(0, 200), 'upgrade requests are not forwarded');
    client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.listen(0, '127.0.0.1', resolve).once('error', reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
