// Researchers' notes on moments of a replay: `/sessions/:id/notes`, `/notes/:id`.
import { z } from 'zod';
import { NOTE_MAX_CHARS } from '../note-limits.ts';
import { withoutNul } from './primitives.ts';

export { NOTE_MAX_CHARS, NOTES_PER_SESSION } from '../note-limits.ts';

/** `POST /api/v1/sessions/:id/notes` */
export const NewNote = z.strictObject({
  /** ms into the replay. */
  at: z.number().int().min(0).max(1e10),
  text: withoutNul(z.string().trim()).pipe(z.string().min(1, 'A note needs some text.').max(NOTE_MAX_CHARS, `A note holds at most ${NOTE_MAX_CHARS} characters.`)),
});
export type NewNote = z.infer<typeof NewNote>;

/** A note id: random base64url (server/notes/note-id.ts). */
export const NoteId = z.string().min(8).max(32).regex(/^[A-Za-z0-9_-]+$/);

export const Note = z.object({
  id: NoteId,
  at: z.number(),
  text: z.string(),
  /** The label of the token that wrote it. */
  author: z.string(),
  createdAt: z.number(),
});
export type Note = z.infer<typeof Note>;

export const NoteList = z.object({ notes: z.array(Note) });
export type NoteList = z.infer<typeof NoteList>;
