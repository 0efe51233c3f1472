// Researchers' notes on moments of a session's replay.
import type { Db } from './db.ts';
import type { Note } from '../../contract/schemas/index.ts';

export interface NoteWrite { id: string; session: string; at: number; text: string; authorTokenId: number; author: string; createdAt: number }

/** A note with who may delete it. */
export type StoredNote = Note & { session: string; authorTokenId: number };

interface NoteRow { id: string; session_id: string; at: number; text: string; author_token_id: number; author: string; created_at: number }

const toNote = (r: NoteRow): Note => ({ id: r.id, at: r.at, text: r.text, author: r.author, createdAt: r.created_at });

export function notesStore(db: Db) {
  const insert = db.prepare('INSERT INTO notes (id, session_id, at, text, author_token_id, author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const ofSession = db.prepare<[string], NoteRow>('SELECT * FROM notes WHERE session_id = ? ORDER BY at, created_at, id');
  const countOfSession = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM notes WHERE session_id = ?');
  const byId = db.prepare<[string], NoteRow>('SELECT * FROM notes WHERE id = ?');
  const remove = db.prepare<[string]>('DELETE FROM notes WHERE id = ?');

  return {
    addNote(n: NoteWrite): Note {
      insert.run(n.id, n.session, n.at, n.text, n.authorTokenId, n.author, n.createdAt);
      return { id: n.id, at: n.at, text: n.text, author: n.author, createdAt: n.createdAt };
    },
    sessionNotes: (session: string): Note[] => ofSession.all(session).map(toNote),
    countNotes: (session: string): number => countOfSession.get(session)?.n ?? 0,
    noteById(id: string): StoredNote | null {
      const r = byId.get(id);
      return r ? { ...toNote(r), session: r.session_id, authorTokenId: r.author_token_id } : null;
    },
    deleteNote: (id: string): boolean => remove.run(id).changes > 0,
  };
}
