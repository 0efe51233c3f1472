// Rebuilt form fields in a replay must never show the researcher's own browser
// autofill (their name, address or card in a stranger's recording).
const FIELDS = 'input, textarea, select, form';

function switchOffAutofill(root: ParentNode): void {
  for (const el of root.querySelectorAll(FIELDS)) el.setAttribute('autocomplete', 'off');
}

/** Keeps autocomplete="off" on every field of the replay document, including fields added later. Returns the stop. */
export function hardenReplayDocument(doc: Document | null): () => void {
  if (!doc) return () => {};
  switchOffAutofill(doc);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== Node.ELEMENT_NODE) continue;
        const el = node as Element;
        if (el.matches(FIELDS)) el.setAttribute('autocomplete', 'off');
        switchOffAutofill(el);
      }
    }
  });
  observer.observe(doc, { childList: true, subtree: true });
  return () => observer.disconnect();
}
