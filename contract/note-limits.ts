// How much a researcher's note may hold: the schema (contract/schemas/notes.ts) checks it,
// the viewer's note box says it. Apart from the schema so the viewer need not bundle zod.

/** Longest note: a few paragraphs, not a document; the timeline shows its start. */
export const NOTE_MAX_CHARS = 2000;
/** Notes per session: enough for a close reading, and a bound on what one session carries. */
export const NOTES_PER_SESSION = 500;
