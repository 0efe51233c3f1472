// Text that goes into the SVG overlays comes from the site being analysed (page
// titles, URLs with `&`), so it is escaped before librsvg ever parses it.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Control characters other than tab are not allowed in XML 1.0 at all.
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A single SVG text line; squeezed to `maxWidth` when a rough estimate says it would be cut off. */
export function svgText(text: string, at: { x: number; y: number; size: number; maxWidth: number; anchor?: 'start' | 'end'; attrs?: string }): string {
  // librsvg gives no measurement back; 0.6 em is a generous average for sans-serif.
  const estimated = text.length * at.size * 0.6;
  const squeeze = estimated > at.maxWidth && at.maxWidth > 0 ? ` textLength="${Math.floor(at.maxWidth)}" lengthAdjust="spacingAndGlyphs"` : '';
  const anchor = at.anchor === 'end' ? ' text-anchor="end"' : '';
  return `<text x="${at.x}" y="${at.y}" font-size="${at.size}"${anchor}${squeeze} ${at.attrs ?? ''}>${escapeXml(text)}</text>`;
}
