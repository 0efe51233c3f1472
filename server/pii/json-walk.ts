// One forward pass over the JSON text of a window of events that places the string
// values the detectors caught (`hits`) in the structure around them: the key each
// sits under, the object holding it and that object's place, the element a text or
// attribute belongs to, and the event's timestamp. Every character is visited once,
// so the pass is linear in the text whatever the text is: a value and its element
// never cost a look back over earlier siblings (which made a chunk full of catches
// quadratic). It runs only over windows with a catch in them.
//
// It also says whether the text is well-formed JSON of objects and arrays: a
// compact chunk's events must be, and a fragment (an oversized event's later part)
// starts mid-way, so the pass begins at its first event object.
import { stringEnd } from './json-text.ts';

interface Frame {
  array: boolean;
  /** The key this container sits under in its parent object; '' in an array or at the top. */
  key: string;
  /** An element node's tag, id and first class, as met (rrweb writes them before its children). */
  tag: string;
  id: string;
  cls: string;
}

/** Where a caught value was met: its key and the containers around it, innermost last. */
export interface Placed {
  /** Index of the hit in the list handed in. */
  hit: number;
  key: string;
  /** The three containers around the value, innermost last; empty when the pass could not place it (then `key` is from the text before it). */
  path: readonly Frame[];
  /** The timestamp of the event holding it: the next numeric "timestamp" member after it. */
  ts: number | null;
}

export interface Walk {
  placed: Placed[];
  /** Objects and arrays balanced, keys, colons and commas where JSON has them. */
  wellFormed: boolean;
  /** Characters visited: the pass's share of the scan's step budget. */
  steps: number;
}

const QUOTE = 0x22;
const MAX_KEY = 64;
const EVENT_START = '{"type":';

const enum Want {
  Value,
  Key,
  Colon,
  After,
}

const shortString = (s: string, start: number, end: number) => (end - start <= MAX_KEY ? s.slice(start, end) : '\u0000');

/**
 * `hits`: content starts of caught string values (the index after their opening quote), ascending.
 * `keyOf(i)`: the key of hit i read from the text before it, for a hit the pass could not place.
 */
export function walkValues(s: string, hits: readonly number[], keyOf: (hit: number) => string): Walk {
  const placed: Placed[] = [];
  const waitingForTs: Placed[] = [];
  const stack: Frame[] = [];
  let wellFormed = true;
  let want = Want.Value;
  let opened = false;
  let key = '';
  let next = 0;
  // A text that does not start with a container starts mid-event (a later part): begin at its first event.
  let i = s.charCodeAt(0) === 0x5b || s.charCodeAt(0) === 0x7b ? 0 : s.indexOf(EVENT_START);
  if (i !== 0) wellFormed = false;
  if (i < 0) i = s.length;
  const start = i;

  const place = (hit: number, path: readonly Frame[], k: string) => {
    const p: Placed = { hit, key: k, path, ts: null };
    placed.push(p);
    waitingForTs.push(p);
  };
  // Hits the pass stepped over without meeting them as a value: placed by their key alone.
  const skipTo = (at: number) => {
    while (next < hits.length && hits[next]! < at) place(next, [], keyOf(next++));
  };

  while (i < s.length) {
    const c = s.charCodeAt(i);
    const top = stack[stack.length - 1];
    const justOpened: boolean = opened;
    opened = false;
    if (c === QUOTE) {
      const end = stringEnd(s, i + 1);
      if (end < 0) break; // cut off: a part ends mid-string
      if (want === Want.Key) {
        key = shortString(s, i + 1, end);
        want = Want.Colon;
      } else {
        if (want !== Want.Value) wellFormed = false;
        skipTo(i + 1);
        if (next < hits.length && hits[next] === i + 1) place(next++, stack.slice(-3), top && !top.array ? key : '');
        if (top && !top.array) {
          if (key === 'tagName') top.tag = shortString(s, i + 1, end);
          const owner = stack[stack.length - 2];
          if (top.key === 'attributes' && owner && (key === 'id' || key === 'class')) owner[key === 'id' ? 'id' : 'cls'] = shortString(s, i + 1, end);
        }
        want = Want.After;
      }
      i = end + 1;
    } else if (c === 0x7b || c === 0x5b) {
      if (want !== Want.Value) wellFormed = false;
      stack.push({ array: c === 0x5b, key: top && !top.array ? key : '', tag: '', id: '', cls: '' });
      want = c === 0x7b ? Want.Key : Want.Value;
      opened = true;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      // An empty container closes where a key or value was wanted.
      if (!top || top.array !== (c === 0x5d) || (want !== Want.After && !justOpened)) wellFormed = false;
      stack.pop();
      want = Want.After;
      i++;
    } else if (c === 0x2c) {
      if (want !== Want.After || !top) wellFormed = false;
      want = top && !top.array ? Want.Key : Want.Value;
      i++;
    } else if (c === 0x3a) {
      if (want !== Want.Colon) wellFormed = false;
      want = Want.Value;
      i++;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      opened = justOpened;
      i++;
    } else {
      // A number, true, false or null: up to the next delimiter.
      let end = i + 1;
      while (end < s.length) {
        const d = s.charCodeAt(end);
        if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === QUOTE || d === 0x3a) break;
        end++;
      }
      if (want !== Want.Value) wellFormed = false;
      if (top && !top.array && key === 'timestamp' && waitingForTs.length) {
        const ts = Number(s.slice(i, Math.min(end, i + 20)));
        if (Number.isFinite(ts)) for (const p of waitingForTs.splice(0)) p.ts = ts;
      }
      want = Want.After;
      i = end;
    }
  }
  skipTo(Infinity);
  if (stack.length || want !== Want.After) wellFormed = false;
  return { placed, wellFormed, steps: i - start };
}
