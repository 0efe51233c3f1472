// Researchers' notes on moments of a replay. A note is about a person's visit: reading
// notes is reading the session (one audit row per viewing, shared with the replay's
// events), and writing or deleting one is in the audit trail too.
import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { NewNote, NoteId, NOTES_PER_SESSION } from '../../contract/schemas/index.ts';
import { HttpError, invalid } from '../http/http-error.ts';
import { requireRole } from '../http/auth.ts';
import { sessionIdParam } from '../http/session-id.ts';
import { audit } from '../privacy/audit.ts';
import type { ReplayReadLog } from '../replay/reads.ts';
import type { AppContext } from '../context.ts';

const noteNotFound = () => new HttpError(404, 'note_not_found', 'No such note (it may have been deleted, or erased with its session).');

export function noteRoutes(ctx: AppContext, reads: ReplayReadLog): Router {
  const { store } = ctx;
  const router = Router();
  const researcher = requireRole(store, 'researcher');
  const json = express.json({ limit: '16kb' });

  const existingSession = async (raw: unknown): Promise<string> => {
    const id = sessionIdParam(raw);
    if (!await store.sessions.sessionSummary(id)) throw new HttpError(404, 'session_not_found', 'No such session (it may have been erased).');
    return id;
  };

  router.get('/api/v1/sessions/:id/notes', researcher, async (req, res) => {
    const id = await existingSession(req.params.id);
    if (reads.isNewViewing(req.identity?.id ?? 0, id)) await audit(ctx, req, 'replay.read', id);
    res.json({ notes: await store.notes.sessionNotes(id) });
  });

  router.post('/api/v1/sessions/:id/notes', researcher, json, async (req, res) => {
    const id = await existingSession(req.params.id);
    const parsed = NewNote.safeParse(req.body);
    if (!parsed.success) throw invalid('invalid_note', parsed.error);
    if (await store.notes.countNotes(id) >= NOTES_PER_SESSION) {
      throw new HttpError(409, 'too_many_notes', `This session already has ${NOTES_PER_SESSION} notes, the most it can hold; delete one first.`);
    }
    const who = req.identity!;
    const note = await store.notes.addNote({
      id: randomBytes(12).toString('base64url'),
      session: id,
      at: parsed.data.at,
      text: parsed.data.text,
      authorTokenId: who.id,
      author: who.label,
      createdAt: Date.now(),
    });
    await audit(ctx, req, 'note.create', id);
    res.status(201).json(note);
  });

  router.delete('/api/v1/notes/:id', researcher, async (req, res) => {
    const parsedId = NoteId.safeParse(req.params.id);
    if (!parsedId.success) throw noteNotFound();
    const note = await store.notes.noteById(parsedId.data);
    if (!note) throw noteNotFound();
    const who = req.identity!;
    if (note.authorTokenId !== who.id && who.role !== 'admin') {
      throw new HttpError(403, 'not_your_note', `Only its author (${note.author}) or an admin may delete this note.`);
    }
    await store.notes.deleteNote(note.id);
    await audit(ctx, req, 'note.delete', note.session);
    res.status(204).end();
  });

  return router;
}
