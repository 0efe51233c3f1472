// One GET of a recorded page's asset by the server: no cookies, no credentials, no
// referrer; each hop's host resolved and vetted (resolve-target.ts) and connected to at
// that vetted address; redirects followed by hand, each hop vetted again; one deadline
// for the whole call; the body cut off past `maxBytes`; the type checked before the body is read.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { EgressRefused, resolveTarget } from './resolve-target.ts';
import { CaptureFailed } from '../assets/capture-error.ts';

export interface VettedGet {
  url: string;
  /** May this hop's target be loopback, private or link-local? (Never cloud metadata.) */
  insideAllowed(url: URL): boolean;
  /** The type to keep the body as, or null to refuse the response (checked before its body is read). */
  accept(contentType: string | undefined): string | null;
  maxBytes: number;
  maxRedirects: number;
  signal: AbortSignal;
}

export interface Fetched {
  body: Buffer;
  contentType: string;
  /** After redirects: what relative URLs inside a stylesheet are relative to. */
  finalUrl: string;
}

function openHop(url: URL, address: string, signal: AbortSignal): Promise<IncomingMessage> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: address,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: url.pathname + url.search,
        method: 'GET',
        headers: { Host: url.host, Accept: '*/*', 'Accept-Encoding': 'identity', 'User-Agent': 'Einblick-asset-capture' },
        signal,
        ...(url.protocol === 'https:' && !isIP(hostname) ? { servername: hostname } : {}),
      },
      resolve,
    );
    req.on('error', (err) => reject(signal.aborted ? new CaptureFailed('timeout', url.origin) : new CaptureFailed('unreachable', `${url.origin}: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    req.end();
  });
}

function readBody(res: IncomingMessage, maxBytes: number, what: string, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    return Promise.reject(new CaptureFailed('too_large', `${what}: ${declared} bytes, limit ${maxBytes}`));
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    res.on('data', (part: Buffer) => {
      size += part.length;
      if (size > maxBytes) {
        res.destroy();
        reject(new CaptureFailed('too_large', `${what}: over ${maxBytes} bytes`));
      } else parts.push(part);
    });
    res.on('end', () => resolve(Buffer.concat(parts)));
    res.on('error', () => reject(signal.aborted ? new CaptureFailed('timeout', what) : new CaptureFailed('unreachable', `${what}: the answer broke off`)));
  });
}

export async function vettedGet(o: VettedGet): Promise<Fetched> {
  let url: URL;
  try {
    url = new URL(o.url);
  } catch {
    throw new CaptureFailed('not_http', 'not a URL');
  }
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CaptureFailed('not_http', url.protocol);
    let address: string;
    try {
      ({ address } = await resolveTarget(url.hostname, o.insideAllowed(url)));
    } catch (err) {
      if (!(err instanceof EgressRefused)) throw err;
      throw new CaptureFailed(err.reason.startsWith('does not resolve') ? 'unresolvable' : 'private_address', `${url.host}: ${err.reason}`);
    }
    o.signal.throwIfAborted();
    const res = await openHop(url, address, o.signal);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= o.maxRedirects) throw new CaptureFailed('too_many_redirects', `more than ${o.maxRedirects}`);
      url = new URL(res.headers.location, url);
      continue;
    }
    if (status === 404 || status === 410) {
      res.resume();
      throw new CaptureFailed('not_found', `${status}`);
    }
    if (status < 200 || status >= 300) {
      res.resume();
      throw new CaptureFailed('http_error', `${status}`);
    }
    const contentType = o.accept(res.headers['content-type']);
    if (!contentType) {
      res.destroy();
      throw new CaptureFailed('wrong_type', String(res.headers['content-type'] ?? 'none').slice(0, 100));
    }
    return { body: await readBody(res, o.maxBytes, url.origin, o.signal), contentType, finalUrl: url.href };
  }
}
