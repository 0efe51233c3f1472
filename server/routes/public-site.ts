import type { Request } from 'express';
import type { Store } from '../store/index.ts';
import type { Site } from '../store/sites.ts';
import { HttpError } from '../http/http-error.ts';
import { originAllowed } from '../http/origin.ts';

/** The site a public request names, checked against the page's Origin. */
export async function requireSite(req: Request, store: Store, key: string): Promise<Site> {
  const site = await store.sites.siteByKey(key);
  if (!site) throw new HttpError(403, 'unknown_site', `No site has the key "${key}". Check data-site on the script tag.`);
  if (!originAllowed(req, site)) {
    throw new HttpError(403, 'origin_not_allowed', `Pages on ${req.headers.origin} may not send data for this site; add the origin to the site's allowed origins.`);
  }
  return site;
}
