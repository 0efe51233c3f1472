// Joins the parts of an oversized event back into its JSON text. Parts must come in
// order and complete; anything else (a lost part, a stray one) drops the event
// rather than splice broken JSON into a replay.
export interface PartJoiner {
  /** Adds a part; answers the whole event's text once its last part is in. */
  add(index: number, count: number, text: string): string | null;
  /** A chunk of ordinary events came in between: an unfinished event is lost. */
  reset(): void;
}

export function partJoiner(): PartJoiner {
  let texts: string[] = [];
  let count = 0;
  return {
    add(index, partCount, text) {
      if (index === 0) {
        texts = [text];
        count = partCount;
      } else if (texts.length === index && partCount === count) {
        texts.push(text);
      } else {
        texts = [];
        return null;
      }
      if (texts.length < count) return null;
      const joined = texts.join('');
      texts = [];
      try {
        JSON.parse(joined);
        return joined;
      } catch {
        return null;
      }
    },
    reset() {
      texts = [];
    },
  };
}
