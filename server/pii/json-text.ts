// Just enough JSON lexing to find where a string in the JSON text of a chunk's events
// starts and ends, without parsing the whole text: a quote is found with indexOf,
// which the engine runs at native speed. The structure around a string is read by
// one forward pass (json-walk.ts).
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
