// A customer's site on another origin than the Einblick server, serving test/fixtures/*.html
// with the recorder's script tag filled in, as a site owner would paste it.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface FixtureSite {
  origin: string;
  /** URL of a fixture page; `attrs` (site, privacy, consent...) become data- attributes of the script tag. */
  page(name: string, attrs?: Record<string, string>): string;
  close(): Promise<void>;
}

export async function startFixtureSite(einblickUrl: string): Promise<FixtureSite> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const name = url.pathname.replace(/^\//, '').replace(/[^a-z0-9-]/g, '') || 'shop';
    let html: string;
    try {
      html = readFileSync(FIXTURES + name + '.html', 'utf8');
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const attrs = Object.entries(JSON.parse(url.searchParams.get('attrs') ?? '{}') as Record<string, string>)
      .map(([k, v]) => ` data-${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
      .join('');
    const tag = `<script src="${einblickUrl}/einblick.js"${attrs} defer></script>`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(html.replace('<!--EINBLICK-->', tag));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page: (name, attrs = {}) => `${origin}/${name}?attrs=${encodeURIComponent(JSON.stringify(attrs))}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
