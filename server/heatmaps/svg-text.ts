// Text that goes into the SVG overlays comes from the site being analysed (page
// titles, URLs with `&`), so it is escaped before librsvg ever parses it.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Control characters other than tab are not allowed in XML 1.0 at all.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

// librsvg measures nothing back to us and ignores `textLength`, so fitting is by
// estimate: 0.55 em is slightly wide for DejaVu/Liberation Sans, erring on "fits".
const EM_PER_CHAR = 0.55;
const SMALLEST = 9;

/** Shrinks the font (down to 9 px), then cuts with an ellipsis, so a line fits `maxWidth`. */
export function fitLine(text: string, size: number, maxWidth: number): { text: string; size: number } {
  const fits = (chars: number, px: number) => chars * px * EM_PER_CHAR <= maxWidth;
  if (fits(text.length, size)) return { text, size };
  const smaller = Math.max(SMALLEST, Math.floor(maxWidth / (text.length * EM_PER_CHAR)));
  if (fits(text.length, smaller)) return { text, size: smaller };
  const chars = Math.max(0, Math.floor(maxWidth / (SMALLEST * EM_PER_CHAR)) - 1);
  return { text: `${text.slice(0, chars).trimEnd()}…`, size: SMALLEST };
}

/** One SVG text line, fitted to `maxWidth`. */
export function svgText(text: string, at: { x: number; y: number; size: number; maxWidth: number; anchor?: 'start' | 'end' }): string {
  const line = fitLine(text, at.size, at.maxWidth);
  const anchor = at.anchor === 'end' ? ' text-anchor="end"' : '';
  return `<text x="${at.x}" y="${at.y}" font-size="${line.size}"${anchor}>${escapeXml(line.text)}</text>`;
}
