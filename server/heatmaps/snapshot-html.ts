// A recorded full snapshot (rrweb's serialized node tree) written out as static
// HTML, for the server to screenshot in a browser with JavaScript off. Recorded
// pages come from strangers' browsers, so nothing that could run, navigate or
// reach out on its own is kept: no scripts, no event handlers, no javascript:
// URLs, no meta refresh, no nested frames' sources, no <base> but ours. And no
// recorded text or attribute becomes markup: the only text written without
// entity escaping is an HTML <style>'s CSS, and that has every "<" escaped the
// CSS way, so no parser state (foreign SVG/MathML content, RCDATA) can find a tag in it.

const DOCUMENT = 0;
const DOCUMENT_TYPE = 1;
const ELEMENT = 2;
const TEXT = 3;

export interface SerializedNode {
  type: number;
  tagName?: string;
  attributes?: Record<string, string | number | boolean | null>;
  childNodes?: SerializedNode[];
  textContent?: string;
}

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Dropped with everything inside: they run code, or show what a page with scripts never showed. */
const DROPPED = new Set(['script', 'noscript', 'base', 'object', 'embed', 'applet', 'portal', 'frame', 'frameset', 'template']);
/** Elements whose content the parser reads as text: only their text children are written, escaped. */
const TEXT_ONLY = new Set(['style', 'textarea', 'title', 'xmp', 'noembed', 'noframes', 'plaintext', 'iframe', 'listing']);
/** Their content is parsed as SVG or MathML, where <style> is not raw text and some tags break out. */
const FOREIGN = new Set(['svg', 'math']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'xlink:href', 'background', 'srcset']);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
/**
 * CSS for an HTML <style>, which the parser does not unescape: "<" becomes the CSS
 * escape \3c (same meaning in strings, identifiers and url()), so no "</style" can end
 * the element early. Inside SVG or MathML the text is parsed with entities instead.
 */
const cssText = (s: string, foreign: boolean) => (foreign ? escapeText(s) : s.replace(/</g, '\\3c '));

function attributesOf(tag: string, attrs: Record<string, string | number | boolean | null>): string {
  const out: string[] = [];
  const style: string[] = [];
  for (const [name, raw] of Object.entries(attrs)) {
    if (raw === null || raw === false) continue;
    const value = raw === true ? '' : String(raw);
    const lower = name.toLowerCase();
    if (lower === 'rr_width') style.push(`width: ${value}`);
    else if (lower === 'rr_height') style.push(`height: ${value}`);
    else if (lower === 'rr_dataurl' && (tag === 'img' || tag === 'canvas')) out.push(`src="${escapeAttribute(value)}"`);
    else if (lower.startsWith('rr_') || lower === '_csstext' || lower.startsWith('on')) continue;
    else if (URL_ATTRIBUTES.has(lower) && /^\s*(javascript|vbscript):/i.test(value)) continue;
    else if (tag === 'iframe' && (lower === 'src' || lower === 'srcdoc')) continue;
    else if (tag === 'textarea' && lower === 'value') continue;
    else if (/^[^\s"'>/=]+$/.test(name)) out.push(value === '' ? name : `${name}="${escapeAttribute(value)}"`);
  }
  if (style.length) {
    const own = typeof attrs.style === 'string' ? attrs.style : '';
    const i = out.findIndex((a) => a.startsWith('style='));
    if (i >= 0) out.splice(i, 1);
    out.push(`style="${escapeAttribute([own, ...style].filter(Boolean).join('; '))}"`);
  }
  if (tag === 'input' || tag === 'textarea') out.push('autocomplete="off"');
  return out.length ? ' ' + out.join(' ') : '';
}

function write(node: SerializedNode, out: string[], foreign: boolean, baseHref: string): void {
  switch (node.type) {
    case DOCUMENT:
      for (const child of node.childNodes ?? []) write(child, out, false, baseHref);
      return;
    case DOCUMENT_TYPE:
      out.push('<!DOCTYPE html>');
      return;
    case TEXT:
      out.push(escapeText(node.textContent ?? ''));
      return;
    case ELEMENT:
      break;
    default:
      return; // comments and CDATA show nothing
  }
  const attrs = node.attributes ?? {};
  let tag = (node.tagName ?? 'div').toLowerCase();
  if (!/^[a-z][a-z0-9-]*$/.test(tag) || DROPPED.has(tag)) return;
  if (tag === 'meta' && typeof attrs['http-equiv'] === 'string' && /refresh|content-security-policy/i.test(attrs['http-equiv'])) return;
  if (tag === 'link' && typeof attrs.rel === 'string' && /preload|prefetch|modulepreload|dns-prefetch|preconnect|manifest|import/i.test(attrs.rel)) return;
  // rrweb keeps a stylesheet's rules in _cssText (of a <link>, or a <style> whose text it blanked).
  const css = typeof attrs._cssText === 'string' ? attrs._cssText : null;
  if (css !== null && (tag === 'link' || tag === 'style')) {
    out.push(`<style>${cssText(css, foreign)}</style>`);
    return;
  }
  if (tag === 'canvas' && typeof attrs.rr_dataURL === 'string') tag = 'img';
  out.push(`<${tag}${attributesOf(tag, attrs)}>`);
  if (tag === 'head') out.push(`<base href="${escapeAttribute(baseHref)}">`);
  if (VOID.has(tag)) return;
  if (tag === 'textarea' && typeof attrs.value === 'string') out.push(escapeText(attrs.value));
  else if (tag === 'iframe') {
    // A frame keeps its box; what it showed was another document.
  } else if (TEXT_ONLY.has(tag)) {
    // Text nodes only: an element here would be text to the parser, and its text raw.
    const text = (node.childNodes ?? []).filter((c) => c.type === TEXT).map((c) => c.textContent ?? '').join('');
    out.push(tag === 'style' ? cssText(text, foreign) : escapeText(text));
  } else {
    const inside = foreign || FOREIGN.has(tag);
    for (const child of node.childNodes ?? []) write(child, out, inside, baseHref);
  }
  out.push(`</${tag}>`);
}

/** The page as static HTML; relative URLs resolve against `baseHref`, the recorded page's own. */
export function snapshotHtml(root: SerializedNode, baseHref: string): string {
  const out: string[] = [];
  write(root, out, false, baseHref);
  return out.join('');
}
