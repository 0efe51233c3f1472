// What a privacy officer must see before recording a page: every text that a
// recording of it would store unmasked. Read from the full snapshot exactly as the
// recorder would upload it (after masking in the browser), so it shows the truth of
// the masking rules, not a model of them. Masked text is one stand-in letter per character.
import { TEXT_ATTRIBUTES } from '../../contract/attribute-rules.ts';
import { isMaskedText } from '../../contract/mask-text.ts';

export interface StoredText {
  kind: 'text' | 'attribute';
  /** The element holding it, as tag#id.class (the first class). */
  element: string;
  attribute?: string;
  text: string;
}

export interface SerializedNode {
  type: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
  textContent?: string;
  isStyle?: boolean;
  id?: number;
}

const NODE_ELEMENT = 2;
const NODE_TEXT = 3;
const NODE_CDATA = 4;
const NODE_COMMENT = 5;
/** Code and styles, not words shown to a person (rrweb replaces script text anyway). */
const NOT_TEXT = new Set(['script', 'style', 'noscript']);

/** Holds something other than whitespace and mask characters (contract/mask-text.ts, or stars in older recordings). */
export const isUnmasked = (text: string): boolean => !isMaskedText(text);

/**
 * Attributes that carry words: the recorder's text attributes
 * and the site's own data- attributes (data-user="Jane" is stored as it is, in any mode).
 */
function isTextAttribute(name: string): boolean {
  if (TEXT_ATTRIBUTES.has(name)) return true;
  return name.startsWith('data-') && !name.startsWith('data-einblick-') && !name.startsWith('data-rr');
}

function describe(node: SerializedNode): string {
  const a = node.attributes ?? {};
  const id = typeof a.id === 'string' && a.id ? `#${a.id}` : '';
  const cls = typeof a.class === 'string' && a.class.trim() ? `.${a.class.trim().split(/\s+/)[0]}` : '';
  return `${node.tagName ?? '?'}${id}${cls}`;
}

/** Every unmasked text node and text attribute of a serialized (rrweb) document, in document order. */
export function unmaskedTexts(root: SerializedNode, limit = 5000): { texts: StoredText[]; total: number; masked: number } {
  const texts: StoredText[] = [];
  let total = 0;
  let masked = 0;
  const see = (entry: StoredText) => {
    total++;
    if (!isUnmasked(entry.text)) masked++;
    else if (texts.length < limit) texts.push(entry);
  };
  // An explicit stack (children pushed in reverse, to keep document order): documents can be deep.
  const stack: { node: SerializedNode; parent: SerializedNode | null }[] = [{ node: root, parent: null }];
  while (stack.length) {
    const { node, parent } = stack.pop()!;
    if (node.type === NODE_ELEMENT) {
      for (const [name, value] of Object.entries(node.attributes ?? {})) {
        if (typeof value === 'string' && value.trim() && isTextAttribute(name)) see({ kind: 'attribute', element: describe(node), attribute: name, text: value });
      }
      if (NOT_TEXT.has(node.tagName ?? '')) continue;
    } else if ((node.type === NODE_TEXT || node.type === NODE_CDATA || node.type === NODE_COMMENT) && !node.isStyle) {
      const text = node.textContent ?? '';
      if (text.trim()) see({ kind: 'text', element: parent ? describe(parent) : '#document', text: text.trim() });
    }
    const children = node.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, parent: node.type === NODE_ELEMENT ? node : parent });
  }
  return { texts, total, masked };
}
