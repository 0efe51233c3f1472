// The second line of masking: finds personal data in the recorded text of one chunk
// (the JSON text of its rrweb events, as bytes) and masks it there, '*' per character
// as the browser does. Only string values that can hold page text are read — text
// node contents, attribute values, text changes and input values — so keys, node
// ids, timestamps and coordinates (digit runs that may well pass Luhn) are never
// touched. One regex over the text finds the few values worth a look (first-look.ts);
// only those with a catch are placed in the JSON structure, by one forward pass
// (json-walk.ts). The events are never parsed.
//
// The text is written by strangers, so the work it may cause is bounded: every step
// is counted against a budget linear in the text's size, and a text over it is not
// stored at all (the caller refuses the chunk) rather than stored unscanned.
import type { LeakKind } from '../../contract/schemas/index.ts';
import { maskPersonalData, mayHoldPersonalData } from './detect.ts';
import { CANDIDATE_VALUE, eventWindows } from './first-look.ts';
import { isEscaped, stringEnd, stringStartOf } from './json-text.ts';
import { walkValues, type Placed } from './json-walk.ts';

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
  /** Steps the scan took (counted as below); over the budget, or past MAX_CATCHES, it stopped and `overBudget` is set. */
  steps: number;
  overBudget: boolean;
  /** Whether the text is well-formed JSON of objects and arrays; null when it was not walked (nothing caught). */
  wellFormed: boolean | null;
}

// The budget. A candidate value costs a fixed share (decoding it, running the
// detectors: measured at about 0.3 µs, as much as the regex takes to pass over some
// 60 bytes) plus its length; the forward pass one step per character. Recorded pages
// hold a candidate every few hundred bytes at most (the load test's chunks: one per
// 2 KB); a text that is nothing but tiny candidate values (a blob repeating
// "text":"a@b.cc", a list of tiny events each with a catch) runs out of budget.
export const STEPS_PER_BYTE = 2;
export const BASE_STEPS = 64 * 1024;
export const CANDIDATE_STEPS = 32;
// Each catch is counted on the event loop when the chunk is committed (store/leaks.ts).
// The browser masks what these detectors find, so a recorded chunk has few or none;
// thousands mean a recorder that does not mask, or a body written to cost.
export const MAX_CATCHES = 2000;
export const stepBudget = (bytes: number): number => BASE_STEPS + STEPS_PER_BYTE * bytes;

const IS_STYLE = ',"isStyle":true';
// Attribute values that hold no page text: CSS, drawings, inlined images. A masked
// digit there would break a style or a picture, and they are the longest values.
const NOT_TEXT = new Set(['_cssText', 'rr_dataURL', 'style', 'd', 'points', 'viewBox', 'transform', 'srcset', 'integrity']);

interface Hit {
  /** Byte offsets of the value's content and of the quote closing its key. */
  start: number;
  end: number;
  keyEnd: number;
  masked: string;
  kinds: LeakKind[];
}

type Frame = Placed['path'][number];

/** `tag#id` or `tag.class` of an element node's frame. */
function describeElement(frame: Frame | undefined): string {
  if (!frame || frame.array || !/^[\w-]{1,32}$/.test(frame.tag)) return '';
  // An id or class may itself be personal: then the tag alone says where.
  const name = (s: string) => (/^[\w-]{1,48}$/.test(s) && !mayHoldPersonalData(s) ? s : '');
  const cls = frame.cls.trim().split(/\s+/)[0] ?? '';
  return frame.tag + (name(frame.id) ? `#${frame.id}` : name(cls) ? `.${cls}` : '');
}

const attributeField = (key: string) => (/^[\w:.-]{1,64}$/.test(key) ? key.toLowerCase() : 'attribute');

/**
 * What a caught value is: page text and where it is shown, or null for a structural
 * or opaque value (a tag name, a URL of the page, CSS).
 */
function classify(s: string, p: Placed, hit: Hit): { field: string; element: string } | null {
  const [grand, parent, object] = [p.path[p.path.length - 3], p.path[p.path.length - 2], p.path[p.path.length - 1]];
  if (p.key === 'textContent') {
    if (s.startsWith(IS_STYLE, hit.end + 1)) return null; // the text of a <style>
    const inChildren = parent?.array && parent.key === 'childNodes';
    return { field: 'text', element: inChildren ? describeElement(grand) : '' };
  }
  if (object?.key === 'attributes') {
    if (NOT_TEXT.has(p.key) || s.startsWith('data:', hit.start)) return null;
    return { field: attributeField(p.key), element: describeElement(parent) };
  }
  if (p.key === 'value') return { field: 'text', element: '' }; // a text change names only a node id
  if (p.key === 'text') return { field: 'input', element: '' };
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
 * The candidate values are found window by window (first-look.ts), in small strings;
 * the values with a catch are then placed by one pass over the whole text.
 */
export function scrubRecordedText(json: Buffer, budget = stepBudget(json.length)): Scrubbed {
  let steps = 0;
  const over = (): Scrubbed => ({ text: null, catches: [], steps, overBudget: true, wellFormed: null });
  const hits: Hit[] = [];
  let caught = 0;
  let whole: string | null = null;
  for (const { offset, text: s } of eventWindows(json)) {
    if (offset === 0 && s.length === json.length) whole = s;
    CANDIDATE_VALUE.lastIndex = 0;
    for (let m = CANDIDATE_VALUE.exec(s); m; m = CANDIDATE_VALUE.exec(s)) {
      const keyEnd = m.index;
      const start = keyEnd + 3;
      const end = stringEnd(s, start);
      if (end < 0) break; // a value cut off by the end of an event part is not ours to judge
      CANDIDATE_VALUE.lastIndex = end + 1;
      if (isEscaped(s, keyEnd)) continue; // \":\" inside a string
      steps += CANDIDATE_STEPS + end - start;
      if (steps > budget) return over();
      const value = valueAt(json, offset + start, offset + end);
      const masked = value === null ? null : maskPersonalData(value);
      if (!masked?.kinds.length) continue;
      hits.push({ start: offset + start, end: offset + end, keyEnd: offset + keyEnd, masked: masked.text, kinds: masked.kinds });
      if ((caught += masked.kinds.length) > MAX_CATCHES) return over();
    }
  }
  if (!hits.length) return { text: null, catches: [], steps, overBudget: false, wellFormed: null };

  const s = whole ?? json.toString('latin1');
  const keyOf = (i: number) => {
    const keyEnd = hits[i]!.keyEnd;
    const keyStart = stringStartOf(s, keyEnd);
    return keyStart < 0 || keyEnd - keyStart > 65 ? '' : s.slice(keyStart + 1, keyEnd);
  };
  const walk = walkValues(s, hits.map((h) => h.start), keyOf);
  steps += walk.steps;
  if (steps > budget) return over();

  const catches: Catch[] = [];
  const pieces: Buffer[] = [];
  let at = 0;
  for (const p of walk.placed) {
    const hit = hits[p.hit]!;
    const span = classify(s, p, hit);
    if (!span) continue;
    pieces.push(json.subarray(at, hit.start), Buffer.from(JSON.stringify(hit.masked).slice(1, -1), 'utf8'));
    at = hit.end;
    for (const kind of hit.kinds) catches.push({ kind, element: span.element, field: span.field, ts: p.ts });
  }
  if (!catches.length) return { text: null, catches, steps, overBudget: false, wellFormed: walk.wellFormed };
  pieces.push(json.subarray(at));
  return { text: Buffer.concat(pieces), catches, steps, overBudget: false, wellFormed: walk.wellFormed };
}
