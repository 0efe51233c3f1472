// The tag a site's pages carry, as the viewer's Sites page and `npx einblick site add`
// print it. The site's own privacy mode, query keys and safe image prefixes go into it,
// so the recorder masks in the browser what the server would mask anyway, and sends the
// images the server would capture. Pure: no DOM.

export interface SnippetSite {
  key: string;
  privacy: string;
  pageQueryKeys: readonly string[];
  /** Image address prefixes strict mode records (contract/safe-images.ts); the recorder reads them space-separated. */
  safeImages: readonly string[];
}

/** Attribute values here are the server's (site keys are base64url, query keys [A-Za-z0-9_.-]), but quotes are escaped all the same. */
const attr = (v: string) => v.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

export function siteSnippet(einblickOrigin: string, site: SnippetSite): string {
  const extra = [
    site.privacy === 'balanced' ? ' data-privacy="balanced"' : '',
    site.pageQueryKeys.length ? ` data-query-keys="${attr(site.pageQueryKeys.join(','))}"` : '',
    site.safeImages.length ? ` data-safe-images="${attr(site.safeImages.join(' '))}"` : '',
  ].join('');
  return `<script src="${attr(einblickOrigin.replace(/\/+$/, ''))}/einblick.js" data-site="${attr(site.key)}"${extra} defer></script>`;
}
