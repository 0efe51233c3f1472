// Which cookie-carrying requests count as the viewer's own. A replayed recording is a
// stranger's DOM inside the viewer's origin: its <img>, <link>, <iframe> or a page on a
// sibling subdomain can make the researcher's browser send the login cookie (SameSite
// does not stop same-site requests). The browser labels every request with what asked
// for it (Fetch Metadata, https://www.w3.org/TR/fetch-metadata/), and no page can forge
// these headers: a read is the viewer's when it is a fetch() (or its preload) or a
// download link clicked in the viewer, from this very origin.
import type { Request } from 'express';
import { HttpError } from './http-error.ts';

const header = (req: Request, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
};

/** Why a cookie-authenticated read is refused, or null when it is the viewer's own. */
export function notTheViewer(req: Request): string | null {
  const site = header(req, 'sec-fetch-site');
  const mode = header(req, 'sec-fetch-mode');
  const dest = header(req, 'sec-fetch-dest');
  if (site === undefined || mode === undefined || dest === undefined) return 'the browser did not say what made this request (Sec-Fetch-*): use a current browser';
  if (site !== 'same-origin') return `it came from ${site === 'same-site' ? 'another page on this site' : 'another site'}`;
  // <link rel=prefetch> and prerendering: nobody asked for it yet.
  if (header(req, 'sec-purpose') !== undefined) return 'it was a prefetch';
  if (dest !== 'empty') return `a page element (${dest.slice(0, 20)}) asked for it`;
  // A download link clicked in the viewer navigates with destination "empty".
  if (mode !== 'cors' && mode !== 'same-origin' && mode !== 'navigate') return 'it was a no-cors request';
  return null;
}

export function assertViewerRead(req: Request): void {
  const why = notTheViewer(req);
  if (why) {
    throw new HttpError(403, 'not_from_viewer', `Signed-in reads must come from the viewer itself; this one did not: ${why}. Scripts sign in with Authorization: Bearer TOKEN instead.`);
  }
}
