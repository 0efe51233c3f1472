// The types a captured asset may be kept and served as. Anything else is refused at
// capture: a replay needs no HTML, script or JSON, and serving one from this origin
// would hand a recorded page's author a document on the viewer's own origin.

const STYLESHEET = new Set(['text/css']);
const FONT = new Set(['font/woff2', 'font/woff', 'font/ttf', 'font/otf', 'font/sfnt', 'application/font-woff', 'application/font-woff2', 'application/x-font-woff', 'application/x-font-ttf', 'application/font-sfnt', 'application/vnd.ms-fontobject']);
const IMAGE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/svg+xml', 'image/x-icon', 'image/vnd.microsoft.icon', 'image/bmp']);
/** Many CDNs send fonts as bytes of no particular type: kept only where a font is expected, served as a font. */
const GENERIC = 'application/octet-stream';

export type AssetKind = 'stylesheet' | 'font' | 'image';

/** The type to keep a response as, or null when a `kind` may not be that type. */
export function safeContentType(kind: AssetKind, header: string | undefined): string | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  if (kind === 'stylesheet') return STYLESHEET.has(type) ? 'text/css; charset=utf-8' : null;
  // A url() in CSS outside @font-face may still be a font (and the reverse): the type decides.
  if (FONT.has(type)) return type.replace('application/x-font-', 'font/').replace('application/font-', 'font/');
  if (IMAGE.has(type)) return type;
  if (type === GENERIC && kind === 'font') return 'font/woff2';
  return null;
}

export const isSvg = (contentType: string): boolean => contentType.startsWith('image/svg+xml');
