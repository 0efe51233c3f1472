// A tiny web origin for tests: serves files from a map that a test may change (a
// redesign after the visit), and lists every path requested of it.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileOrigin {
  origin: string;
  hits: string[];
  files: Map<string, [string, string | Buffer]>;
  /** When set, a request waits for the promise it returns before it is answered. */
  hold: ((req: IncomingMessage) => Promise<void> | undefined) | null;
  close(): Promise<void>;
}

/** `host`: how the origin is named (127.0.0.1 or localhost: two origins on one machine). */
export async function serveFiles(host: string): Promise<FileOrigin> {
  const hits: string[] = [];
  const files = new Map<string, [string, string | Buffer]>();
  const answer = (path: string, res: import('node:http').ServerResponse) => {
    const file = files.get(path);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
  };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.push(path);
    const held = origin.hold?.(req);
    if (held) void held.then(() => answer(path, res));
    else answer(path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin: FileOrigin = {
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    hits,
    files,
    hold: null,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  return origin;
}
