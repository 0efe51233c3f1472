// How deep a JSON text nests, found without parsing it: one pass over the bytes that
// steps over strings whole. JSON.parse takes nesting that JSON.stringify cannot walk
// back, and takes long over it (30,000 levels of '[': 20 ms), so a deep body is never
// parsed on the event loop.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** False as soon as `json` opens more than `max` objects and arrays inside each other. */
export function nestsWithin(json: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (c === QUOTE) {
      // To the closing quote: one not preceded by an odd number of backslashes.
      for (i = json.indexOf(QUOTE, i + 1); i >= 0; i = json.indexOf(QUOTE, i + 1)) {
        let n = 0;
        while (json[i - 1 - n] === BACKSLASH) n++;
        if (n % 2 === 0) break;
      }
      if (i < 0) return true; // cut off: JSON.parse says what is wrong
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return false;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return true;
}
