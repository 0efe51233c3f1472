// The URLs a stylesheet loads (url(...) and @import "..."), and the same text with each
// of them replaced. Shared by the server (capture) and the viewer (replay rewriting):
// no DOM, no Node. A regular scan, not a CSS parser: it costs one pass over the text,
// and a URL it misses is dropped from the replay rather than loaded live.

export interface CssReference {
  url: string;
  /** Inside an @font-face rule: a font; otherwise an image or (via @import) a stylesheet. */
  kind: 'stylesheet' | 'font' | 'image';
}

// url( "x" ) | url('x') | url(x), and @import "x" (without url()).
const REFERENCE = /url\(\s*(?:"((?:[^"\\\n]|\\.){0,4096})"|'((?:[^'\\\n]|\\.){0,4096})'|([^)"'\s]{0,4096}))\s*\)|@import\s+(?:"([^"\n]{0,4096})"|'([^'\n]{0,4096})')/gi;
const FONT_FACE = /@font-face\s*\{[^}]*\}/gi;

const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

function fontRanges(css: string): [number, number][] {
  return [...css.matchAll(FONT_FACE)].map((m) => [m.index, m.index + m[0].length]);
}

/** The raw URL texts `css` references, with their kind, in order; duplicates kept. */
export function cssReferences(css: string): CssReference[] {
  const fonts = fontRanges(css);
  const found: CssReference[] = [];
  for (const m of css.matchAll(REFERENCE)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    const url = unescape(raw.trim());
    if (!url) continue;
    const at = m.index;
    const isImport = m[4] !== undefined || m[5] !== undefined || /@import\s*$/i.test(css.slice(Math.max(0, at - 16), at));
    const kind = isImport ? 'stylesheet' : fonts.some(([a, b]) => at > a && at < b) ? 'font' : 'image';
    found.push({ url, kind });
  }
  return found;
}

/** `css` with each referenced URL replaced by `replace(url)` (null: by an empty data URL that loads nothing). */
export function rewriteCss(css: string, replace: (url: string) => string | null): string {
  return css.replace(REFERENCE, (whole, d1?: string, s1?: string, bare?: string, d2?: string, s2?: string) => {
    const raw = d1 ?? s1 ?? bare ?? d2 ?? s2 ?? '';
    const url = unescape(raw.trim());
    if (!url) return whole;
    const to = replace(url) ?? 'data:,';
    const quoted = JSON.stringify(to);
    return whole.toLowerCase().startsWith('url(') ? `url(${quoted})` : `@import ${quoted}`;
  });
}
