// Page addresses as the site allows them to be stored, whatever the recorder sent: a
// recorder tag without data-query-keys, an old recorder, or a forged chunk may carry
// query values the site's mode does not keep. Page views (and the session's entry URL
// derived from them) are cut here by the site's own settings before they are stored.
import { maskUrlForMode, type UrlPolicy } from '../../contract/url-masking.ts';
import { scrubPersonalData } from '../../contract/personal-data.ts';
import type { ChunkFacts } from '../../contract/schemas/index.ts';
import type { Site } from '../store/sites.ts';
import { pageKey } from '../heatmaps/page-key.ts';

export const sitePolicy = (site: Site): UrlPolicy => ({ mode: site.privacy, safeKeys: site.pageQueryKeys, scrub: scrubPersonalData });

/** The chunk's facts with each page view's URL cut by the site's URL rule. */
export function maskPageUrls(facts: ChunkFacts, site: Site): ChunkFacts {
  if (!facts.pages.length) return facts;
  const policy = sitePolicy(site);
  return { ...facts, pages: facts.pages.map((p) => ({ ...p, url: maskUrlForMode(p.url, policy) })) };
}

/** The page a URL a visitor's browser reported belongs to, cut by the site's URL rule first as page views are. */
export const pageOfVisit = (url: string, site: Site): string => pageKey(maskUrlForMode(url, sitePolicy(site)), site.pageQueryKeys);
