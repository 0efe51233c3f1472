// Researchers' notes on moments of a session's replay, on PostgreSQL.
import type { Pg } from './db.ts';
import type { NoteWrite, StoredNote } from '../notes.ts';
import type { Note } from '../../../contract/schemas/index.ts';
import type { StoreNamespaces } from '../contract.ts';

interface NoteRow { id: string; session_id: string; at: number; text: string; author_token_id: number; author: string; created_at: number }

const toNote = (r: NoteRow): Note => ({ id: r.id, at: r.at, text: r.text, author: r.author, createdAt: r.created_at });

export function pgNotesStore(pg: Pg) {
  return {
    async addNote(n: NoteWrite): Promise<Note> {
      await pg.run('INSERT INTO notes (id, session_id, at, text, author_token_id, author, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        n.id, n.session, n.at, n.text, n.authorTokenId, n.author, n.createdAt,
      ]);
      return { id: n.id, at: n.at, text: n.text, author: n.author, createdAt: n.createdAt };
    },
    //: ids compare by bytes, as SQLite's do, whatever the database's locale.
    sessionNotes: async (session: string): Promise<Note[]> =>
      (await pg.rows<NoteRow>('SELECT * FROM notes WHERE session_id = $1 ORDER BY at, created_at, id', [session])).map(toNote),
    countNotes: async (session: string): Promise<number> => (await pg.row<{ n: number }>('SELECT count(*) AS n FROM notes WHERE session_id = $1', [session]))?.n ?? 0,
    async noteById(id: string): Promise<StoredNote | null> {
      const r = await pg.row<NoteRow>('SELECT * FROM notes WHERE id = $1', [id]);
      return r ? { ...toNote(r), session: r.session_id, authorTokenId: r.author_token_id } : null;
    },
    deleteNote: async (id: string): Promise<boolean> => (await pg.run('DELETE FROM notes WHERE id = $1', [id])) > 0,
  } satisfies StoreNamespaces['notes'];
}
