// One POST from the server to an address a user configured (a webhook), made to the
// address that was vetted: the name is resolved here, every address checked, and the
// connection opened to that address (TLS still checks the certificate of the name).
// Redirects are not followed; the whole call, connect to last byte, has one deadline.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { resolveTarget } from './resolve-target.ts';

export interface VettedPost {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** May the target be loopback, private or link-local? (Never cloud metadata.) */
  insideAllowed: boolean;
  signal: AbortSignal;
}

/** The response's status; throws EgressRefused for a refused target, else the network error. */
export async function vettedPost(o: VettedPost): Promise<number> {
  const url = new URL(o.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${url.protocol} is not http or https`);
  const { address } = await resolveTarget(url.hostname, o.insideAllowed);
  o.signal.throwIfAborted();
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = request(
      {
        host: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: url.pathname + url.search,
        method: 'POST',
        headers: { ...o.headers, Host: url.host, 'Content-Length': String(Buffer.byteLength(o.body)) },
        signal: o.signal,
        ...(url.protocol === 'https:' && !isIP(hostname) ? { servername: hostname } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => reject(o.signal.aborted ? o.signal.reason : err));
    req.end(o.body);
  });
}
