// Just enough JSON lexing to find string values and the objects around them in the
// JSON text of a chunk's events, without parsing the whole text: a quote or bracket
// is found with indexOf, which the engine runs at native speed.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when the character at `i` is preceded by an odd number of backslashes (an escaped quote). */
export function isEscaped(s: string, i: number): boolean {
  let n = 0;
  while (i - 1 - n >= 0 && s.charCodeAt(i - 1 - n) === BACKSLASH) n++;
  return n % 2 === 1;
}

/** Index of the quote closing the string whose content starts at `start`, or -1 (cut off). */
export function stringEnd(s: string, start: number): number {
  for (let i = s.indexOf('"', start); i >= 0; i = s.indexOf('"', i + 1)) {
    if (!isEscaped(s, i)) return i;
  }
  return -1;
}

/** Index of the quote opening the string that the quote at `end` closes, or -1. */
export function stringStartOf(s: string, end: number): number {
  for (let i = s.lastIndexOf('"', end - 1); i >= 0; i = s.lastIndexOf('"', i - 1)) {
    if (!isEscaped(s, i)) return i;
    if (i === 0) break;
  }
  return -1;
}

/**
 * Index of the '{' or '[' that encloses position `at`, scanning back at most `budget`
 * characters over earlier siblings; -1 when not found within it.
 */
export function openerBefore(s: string, at: number, budget = 32 * 1024): number {
  let depth = 0;
  for (let i = at - 1; i >= 0 && at - i <= budget; i--) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      i = stringStartOf(s, i);
      if (i < 0) return -1;
    } else if (c === 0x7d || c === 0x5d) depth++;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Index just past the JSON value starting at `at` (a string, object, array or scalar), or -1. */
export function valueEnd(s: string, at: number): number {
  const first = s.charCodeAt(at);
  if (first === QUOTE) {
    const end = stringEnd(s, at + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (first !== 0x7b && first !== 0x5b) {
    for (let i = at; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x2c || c === 0x7d || c === 0x5d) return i;
    }
    return -1;
  }
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) {
      i = stringEnd(s, i + 1);
      if (i < 0) return -1;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The members of the object whose '{' is at `open`: key and the span of each value. */
export function* members(s: string, open: number): Generator<{ key: string; start: number; end: number }> {
  let i = open + 1;
  while (i < s.length) {
    if (s.charCodeAt(i) !== QUOTE) return; // '}' ends the object; anything else is not ours to read
    const keyEnd = stringEnd(s, i + 1);
    if (keyEnd < 0 || s.charCodeAt(keyEnd + 1) !== 0x3a) return;
    const key = s.slice(i + 1, keyEnd);
    const start = keyEnd + 2;
    const end = valueEnd(s, start);
    if (end < 0) return;
    yield { key, start, end };
    if (s.charCodeAt(end) !== 0x2c) return;
    i = end + 1;
  }
}

/** The JSON string whose quotes are at `start - 1` and `end`, decoded; null when it is not valid. */
export function decodeString(s: string, start: number, end: number): string | null {
  try {
    return JSON.parse(`"${s.slice(start, end)}"`) as string;
  } catch {
    return null;
  }
}
