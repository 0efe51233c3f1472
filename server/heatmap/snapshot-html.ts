// A recorded full snapshot (rrweb's serialized node tree) written out as static
// HTML, for the server to screenshot in a browser with JavaScript off. Recorded
// pages come from strangers' browsers, so nothing that could run, navigate or
// reach out on its own is kept: no scripts, no event handlers, no javascript:
// URLs, no meta refresh, no nested frames' sources, no <base> but ours.

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
const DROPPED = new Set(['script', 'noscript', 'base', 'object', 'embed', 'applet', 'portal']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'xlink:href', 'background', 'srcset']);

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
/** CSS goes into <style> raw; only a closing tag inside it could end the element early. */
const rawCss = (s: string) => s.replace(/<\/(style)/gi, '<\\/$1');

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

function write(node: SerializedNode, out: string[], parentTag: string, baseHref: string): void {
  switch (node.type) {
    case DOCUMENT:
      for (const child of node.childNodes ?? []) write(child, out, '', baseHref);
      return;
    case DOCUMENT_TYPE:
      out.push('<!DOCTYPE html>');
      return;
    case TEXT:
      out.push(parentTag === 'style' ? rawCss(node.textContent ?? '') : escapeText(node.textContent ?? ''));
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
    out.push(`<style>${rawCss(css)}</style>`);
    return;
  }
  if (tag === 'canvas' && typeof attrs.rr_dataURL === 'string') tag = 'img';
  out.push(`<${tag}${attributesOf(tag, attrs)}>`);
  if (tag === 'head') out.push(`<base href="${escapeAttribute(baseHref)}">`);
  if (VOID.has(tag)) return;
  if (tag === 'textarea' && typeof attrs.value === 'string') out.push(escapeText(attrs.value));
  else if (tag !== 'iframe') for (const child of node.childNodes ?? []) write(child, out, tag, baseHref);
  out.push(`</${tag}>`);
}

/** The page as static HTML; relative URLs resolve against `baseHref`, the recorded page's own. */
export function snapshotHtml(root: SerializedNode, baseHref: string): string {
  const out: string[] = [];
  write(root, out, '', baseHref);
  return out.join('');
}
