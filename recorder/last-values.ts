// Input is sampled on 'change' (capture.ts): a field is recorded when it is blurred,
// not on every keystroke. A field typed into last and never blurred (the visitor types,
// then closes the tab or follows a link) would be missing from the replay. So fields
// are marked dirty on 'input' (a Set insert, nothing recorded), and their masked value
// is recorded when the chunk is cut, which the transport also does as the page is
// hidden or left. A 'change' in between means rrweb recorded it: the mark goes.

const INCREMENTAL = 3;
const SOURCE_INPUT = 5;
/** Fields edited as free text; the others (checkbox, radio, select, date...) fire 'change' as they are set. */
const TEXT_TYPES = new Set(['text', 'password', 'email', 'search', 'tel', 'url', 'number']);

type TextField = HTMLInputElement | HTMLTextAreaElement;

function textFieldOf(e: Event): TextField | null {
  // The element typed into, also inside an open shadow root (events are retargeted to its host).
  const el = e.composedPath()[0];
  if (el instanceof HTMLTextAreaElement) return el;
  return el instanceof HTMLInputElement && TEXT_TYPES.has(el.type) ? el : null;
}

export interface LastValues {
  /** Records every field edited since it was last recorded. */
  record(): void;
  stop(): void;
}

/**
 * `idOf`: the field's node id in the recording (rrweb's mirror), negative when not recorded.
 * `emit`: takes an rrweb input event, masked as rrweb masks with maskAllInputs ('*' per character).
 */
export function watchLastValues(idOf: (el: Node) => number, emit: (event: unknown) => void): LastValues {
  const dirty = new Set<TextField>();
  const onInput = (e: Event) => {
    const field = textFieldOf(e);
    if (field) dirty.add(field);
  };
  const onChange = (e: Event) => {
    const field = textFieldOf(e);
    if (field) dirty.delete(field);
  };
  const options = { capture: true, passive: true };
  document.addEventListener('input', onInput, options);
  document.addEventListener('change', onChange, options);
  return {
    record() {
      // Taken out first: emitting may cut a chunk, which asks for the last values again.
      const fields = [...dirty];
      dirty.clear();
      for (const field of fields) {
        const id = idOf(field);
        // A blocked field is a placeholder in the replay, a removed one is gone from it: no value to show.
        if (id < 0 || !field.isConnected || field.closest('[data-einblick-block]')) continue;
        emit({ type: INCREMENTAL, timestamp: Date.now(), data: { source: SOURCE_INPUT, id, text: '*'.repeat(field.value.length), isChecked: false } });
      }
    },
    stop() {
      document.removeEventListener('input', onInput, options);
      document.removeEventListener('change', onChange, options);
      dirty.clear();
    },
  };
}
