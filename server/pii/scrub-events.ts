// The second line of masking: finds personal data in the recorded text of one chunk
// (the JSON text of its rrweb events, as bytes) and masks it there, '*' per character
// as the browser does. Only string values that can hold page text are read — text
// node contents, attribute values, text changes and input values — so keys, node
// ids, timestamps and coordinates (digit runs that may well pass Luhn) are never
// touched. One regex over the text finds the few values worth a look (first-look.ts);
// only those are placed in the JSON structure. The events are never parsed.
import type { LeakKind } from '../schemas.ts';
import { maskPersonalData, mayHoldPersonalData } from './detect.ts';
import { CANDIDATE_VALUE, eventWindows } from './first-look.ts';
import { decodeString, isEscaped, members, openerBefore, stringEnd, stringStartOf } from './json-text.ts';

/** One piece of personal data caught: what and where, never the text itself. */
export interface Catch {
  kind: LeakKind;
  /** `tag#id` or `tag.class`; '' when the chunk does not say (a text change names only a node id). */
  element: string;
  /** 'text', 'input' or the attribute's name. */
  field: string;
  /** The timestamp of the event it was in, when found. */
  ts: number | null;
}

export interface Scrubbed {
  /** The masked text; null when nothing was caught (store the original bytes). */
  text: Buffer | null;
  catches: Catch[];
}

const QUOTE = 0x22;
const TAG_NAME = '"tagName":"';
const CHILD_NODES = '"childNodes":';
const ATTRIBUTES = '"attributes":';
const IS_STYLE = ',"isStyle":true';
const TIMESTAMP = '"timestamp":';
// Attribute values that hold no page text: CSS, drawings, inlined images. A masked
// digit there would break a style or a picture, and they are the longest values.
const NOT_TEXT = new Set(['_cssText', 'rr_dataURL', 'style', 'd', 'points', 'viewBox', 'transform', 'srcset', 'integrity']);

interface Span {
  field: string;
  element: () => string;
}

/** `tag#id` or `tag.class` of the serialized element whose '{' is at `open`. */
function describeElement(s: string, open: number): string {
  if (open < 0 || s.charCodeAt(open) !== 0x7b) return '';
  const near = s.slice(open, open + 24 + TAG_NAME.length).indexOf(TAG_NAME);
  if (near < 0) return '';
  const tagAt = open + near;
  const tagEnd = stringEnd(s, tagAt + TAG_NAME.length);
  const tag = tagEnd < 0 ? null : decodeString(s, tagAt + TAG_NAME.length, tagEnd);
  if (!tag || !/^[\w-]{1,32}$/.test(tag)) return '';
  for (const m of members(s, open)) {
    if (m.key !== 'attributes') continue;
    let id = '';
    let cls = '';
    for (const a of members(s, m.start)) {
      if (s.charCodeAt(a.start) !== QUOTE) continue;
      if (a.key === 'id') id = decodeString(s, a.start + 1, a.end - 1) ?? '';
      if (a.key === 'class') cls = (decodeString(s, a.start + 1, a.end - 1) ?? '').trim().split(/\s+/)[0] ?? '';
    }
    // An id or class may itself be personal: then the tag alone says where.
    const name = (s: string) => (/^[\w-]{1,48}$/.test(s) && !mayHoldPersonalData(s) ? s : '');
    return tag + (name(id) ? `#${id}` : name(cls) ? `.${cls}` : '');
  }
  return tag;
}

/** The element a text node (its object's '{' at `node`) is a child of. */
function parentOf(s: string, node: number): string {
  const list = node < 0 ? -1 : openerBefore(s, node);
  if (list < 0 || s.charCodeAt(list) !== 0x5b || !s.startsWith(CHILD_NODES, list - CHILD_NODES.length)) return '';
  return describeElement(s, openerBefore(s, list - CHILD_NODES.length));
}

/** rrweb writes an event's timestamp after its data: the next one is the event's own. */
function timestampAfter(s: string, at: number): number | null {
  const key = s.indexOf(TIMESTAMP, at);
  if (key < 0) return null;
  const digits = /^\d{1,15}/.exec(s.slice(key + TIMESTAMP.length, key + TIMESTAMP.length + 16));
  return digits ? Number(digits[0]) : null;
}

const attributeField = (key: string) => (/^[\w:.-]{1,64}$/.test(key) ? key.toLowerCase() : 'attribute');

/**
 * What the string value whose key ends at `keyEnd` is: page text (and where it is
 * shown), or null for a structural or opaque value (a tag name, a URL of the page, CSS).
 */
function classify(s: string, keyEnd: number, start: number, end: number): Span | null {
  const keyStart = stringStartOf(s, keyEnd);
  if (keyStart < 0) return null;
  const key = s.slice(keyStart + 1, keyEnd);
  const object = openerBefore(s, keyStart);
  if (key === 'textContent') {
    if (s.startsWith(IS_STYLE, end + 1)) return null; // the text of a <style>
    return { field: 'text', element: () => parentOf(s, object) };
  }
  if (object > 0 && s.startsWith(ATTRIBUTES, object - ATTRIBUTES.length)) {
    if (NOT_TEXT.has(key) || s.startsWith('data:', start)) return null;
    return { field: attributeField(key), element: () => describeElement(s, openerBefore(s, object - ATTRIBUTES.length)) };
  }
  if (key === 'value') return { field: 'text', element: () => '' }; // a text change names only a node id
  if (key === 'text') return { field: 'input', element: () => '' };
  return null;
}

/** A string value's content as the page had it: UTF-8, escapes resolved; null when it is not valid. */
function valueAt(json: Buffer, start: number, end: number): string | null {
  try {
    return JSON.parse(`"${json.toString('utf8', start, end)}"`) as string;
  } catch {
    return null;
  }
}

/**
 * `json`: the JSON text of a chunk's events (or of a part of one oversized event).
 * Read window by window (first-look.ts): a window holds whole events, so a value and
 * the element it belongs to are always in the same one.
 */
export function scrubRecordedText(json: Buffer): Scrubbed {
  const catches: Catch[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const { offset, text: s } of eventWindows(json)) {
    CANDIDATE_VALUE.lastIndex = 0;
    for (let m = CANDIDATE_VALUE.exec(s); m; m = CANDIDATE_VALUE.exec(s)) {
      const keyEnd = m.index;
      const start = keyEnd + 3;
      const end = stringEnd(s, start);
      if (end < 0) break; // a value cut off by the end of an event part is not ours to judge
      CANDIDATE_VALUE.lastIndex = end + 1;
      if (isEscaped(s, keyEnd)) continue; // \":\" inside a string
      // The detectors first: nearly every candidate is let go here, before any lexing.
      const value = valueAt(json, offset + start, offset + end);
      const masked = value === null ? null : maskPersonalData(value);
      if (!masked?.kinds.length) continue;
      const span = classify(s, keyEnd, start, end);
      if (!span) continue;
      edits.push({ start: offset + start, end: offset + end, text: JSON.stringify(masked.text).slice(1, -1) });
      const element = span.element();
      const ts = timestampAfter(s, end);
      for (const kind of masked.kinds) catches.push({ kind, element, field: span.field, ts });
    }
  }
  if (!edits.length) return { text: null, catches };
  const pieces: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    pieces.push(json.subarray(at, e.start), Buffer.from(e.text, 'utf8'));
    at = e.end;
  }
  pieces.push(json.subarray(at));
  return { text: Buffer.concat(pieces), catches };
}
