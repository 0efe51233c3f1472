// A proxy between recorder and server that answers chosen chunks itself (503, 429,
// 400...) and forwards everything else: server hiccups, seen from the browser.
import { createServer, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { compactHeaderOf } from './compact-body.ts';

export type Answer = { status: number; headers?: Record<string, string> } | 'forward';

export interface FlakyProxy {
  url: string;
  /** How many times each seq was seen. */
  attempts: Map<number, number>;
  /** Every chunk request in order: its seq and the body's format. */
  sent: { seq: number; format: 'compact' | 'gzip' | 'plain' }[];
  close(): Promise<void>;
}

const readAll = async (req: IncomingMessage) => {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
};

function seqOf(body: Buffer): number {
  try {
    // The recorder's compact format: "EBK2", header length, gzipped header JSON, events.
    if (body.subarray(0, 3).toString() === 'EBK') return compactHeaderOf(body).seq as number;
    const text = body[0] === 0x1f ? gunzipSync(body).toString() : body.toString();
    return (JSON.parse(text) as { seq?: number }).seq ?? -1;
  } catch {
    return -1;
  }
}

export async function startFlakyProxy(target: string, decide: (seq: number, attempt: number) => Answer): Promise<FlakyProxy> {
  const attempts = new Map<number, number>();
  const sent: FlakyProxy['sent'] = [];
  const server = createServer(async (req, res) => {
    const body = await readAll(req);
    const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Retry-After' };
    let answer: Answer = 'forward';
    if (req.url === '/api/v1/ingest' && req.method === 'POST') {
      const seq = seqOf(body);
      const attempt = (attempts.get(seq) ?? 0) + 1;
      attempts.set(seq, attempt);
      sent.push({ seq, format: body.subarray(0, 3).toString() === 'EBK' ? 'compact' : body[0] === 0x1f ? 'gzip' : 'plain' });
      answer = decide(seq, attempt);
    }
    if (answer !== 'forward') {
      res.writeHead(answer.status, { ...cors, ...answer.headers, 'Content-Type': 'application/json' }).end('{"error":{"code":"injected","message":"injected by the test proxy"}}');
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'origin']) if (req.headers[name]) headers[name] = String(req.headers[name]);
    const upstream = await fetch(target + req.url, { method: req.method ?? 'GET', headers, ...(req.method === 'POST' ? { body } : {}) });
    res.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts,
    sent,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
