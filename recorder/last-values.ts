// Input is sampled on 'change' (capture.ts): a field is recorded when it is blurred,
// not on every keystroke. A field typed into last and never blurred (the visitor types,
// then closes the tab or follows a link) would be missing from the replay. Such a
// field is always the focused one: leaving any other fired its 'change'. So before each
// chunk is cut (which the transport also does as the page is hidden or left) the
// focused text field, followed into open shadow roots and same-origin frames, has its
// masked value recorded, unless that is what was last recorded for it. Nothing runs
// per keystroke.

const INCREMENTAL = 3;
const SOURCE_INPUT = 5;
/** Fields edited as free text; the others (checkbox, radio, select, date...) fire 'change' as they are set. */
const TEXT_TYPES = new Set(['text', 'password', 'email', 'search', 'tel', 'url', 'number']);
/** Nesting of shadow roots and frames followed to the caret. */
const MAX_DEPTH = 16;

type TextField = HTMLInputElement | HTMLTextAreaElement;

// Checked by name, not instanceof: an element of a frame belongs to that frame's window.
function asTextField(el: Element | null): TextField | null {
  if (el?.localName === 'textarea') return el as HTMLTextAreaElement;
  return el?.localName === 'input' && TEXT_TYPES.has((el as HTMLInputElement).type) ? (el as HTMLInputElement) : null;
}

/** Where the caret is: document.activeElement names only the shadow host or the frame holding it. */
function focusedElement(): Element | null {
  let el = document.activeElement;
  for (let depth = 0; el && depth < MAX_DEPTH; depth++) {
    // A cross-origin frame's contentDocument is null: rrweb does not record it either.
    const inner = el.shadowRoot?.activeElement ?? (el.localName === 'iframe' ? (el as HTMLIFrameElement).contentDocument?.activeElement : null);
    if (!inner) break;
    el = inner;
  }
  return el;
}

/**
 * Records the focused field's value. `idOf`: the field's node id in the recording
 * (rrweb's mirror), negative when not recorded. `emit`: takes an rrweb input event,
 * masked as rrweb masks with maskAllInputs ('*' per character).
 */
export function lastValueRecorder(idOf: (el: Node) => number, emit: (event: unknown) => void): () => void {
  const recorded = new WeakMap<TextField, string>();
  return () => {
    const field = asTextField(focusedElement());
    const id = field ? idOf(field) : -1;
    // A blocked field is a placeholder in the replay: it has no value to show.
    if (!field || id < 0 || field.closest('[data-einblick-block]')) return;
    const text = '*'.repeat(field.value.length);
    if (recorded.get(field) === text) return;
    recorded.set(field, text);
    emit({ type: INCREMENTAL, timestamp: Date.now(), data: { source: SOURCE_INPUT, id, text, isChecked: false } });
  };
}
