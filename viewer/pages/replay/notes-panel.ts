// Researchers' notes on moments of the replay: a form that notes the moment the
// researcher began writing, and the notes so far, each seeking to its moment. A note
// is written by a colleague: it goes in as text, never as markup.
import type { Me, Note } from '../../../contract/schemas/index.ts';
import { NOTE_MAX_CHARS } from '../../../contract/note-limits.ts';
import { addNote, deleteNote, listNotes } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { formatInstant, formatOffset } from '../../ui/format.ts';
import { errorNotice, isAbort } from '../../ui/notice.ts';
import { t } from '../../i18n/translate.ts';

export interface NotesInput {
  sessionId: string;
  /** Who is signed in: their own notes (or all, for an admin) get a delete button. */
  me: Me | null;
  /** Where playback is now, ms into the replay. */
  now(): number;
  seek(offsetMs: number): void;
  /** Every change of the notes (loaded, added, deleted), for the timeline and the moments list. */
  onChange(notes: readonly Note[]): void;
  signal: AbortSignal;
}

export function notesPanel(o: NotesInput): { element: HTMLElement; setTime(offsetMs: number): void } {
  let notes: Note[] = [];
  const { me } = o;
  /** The moment the note being written is about: taken when writing begins, so playback may go on. */
  let pinned: number | null = null;
  let shownSecond = -1;

  const text = h('textarea', { id: 'note-text', rows: 3, maxlength: NOTE_MAX_CHARS, required: true, placeholder: t('replay.notes.placeholder') });
  const submit = h('button', { type: 'submit', class: 'button' }, t('replay.notes.add', { offset: formatOffset(0) }));
  const problem = h('div', { class: 'notes__problem' });
  const list = h('ol', { class: 'notes__list', 'aria-label': t('replay.notes.list') });
  const form = h('form', { class: 'notes__form' }, h('label', { for: 'note-text' }, t('replay.notes.label')), text, h('div', { class: 'notes__actions' }, submit), problem);

  const label = (at: number) => {
    const second = Math.floor(at / 1000);
    if (second === shownSecond) return;
    shownSecond = second;
    submit.textContent = t('replay.notes.add', { offset: formatOffset(at) });
  };
  text.addEventListener('focus', () => {
    pinned ??= Math.round(o.now());
    label(pinned);
  });
  text.addEventListener('blur', () => {
    if (!text.value.trim()) pinned = null;
  });

  const mayDelete = (n: Note) => me !== null && (me.role === 'admin' || me.label === n.author);

  function render(): void {
    replaceChildren(
      list,
      notes.length
        ? notes.map((n) => {
            const offset = formatOffset(n.at);
            const go = h(
              'button',
              { type: 'button', class: 'note__go', 'aria-label': t('replay.notes.go', { offset, author: n.author }) },
              h('span', { class: 'note__meta' }, `${offset} · ${n.author} · `, h('time', { datetime: new Date(n.createdAt).toISOString() }, formatInstant(n.createdAt))),
              h('span', { class: 'note__text' }, n.text),
            );
            go.addEventListener('click', () => o.seek(n.at));
            const remove = mayDelete(n) ? h('button', { type: 'button', class: 'link-button note__delete', 'aria-label': t('replay.notes.deleteAt', { offset }) }, t('replay.notes.delete')) : null;
            remove?.addEventListener('click', () => void removeNote(n));
            return h('li', { class: 'note', 'data-note-id': n.id }, go, remove);
          })
        : h('li', { class: 'muted' }, t('replay.notes.empty')),
    );
    o.onChange(notes);
  }

  const shows = (err: unknown) => replaceChildren(problem, errorNotice(err));

  async function removeNote(n: Note): Promise<void> {
    replaceChildren(problem);
    try {
      await deleteNote(n.id);
      notes = notes.filter((x) => x.id !== n.id);
      render();
    } catch (err) {
      shows(err);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    replaceChildren(problem);
    const at = pinned ?? Math.round(o.now());
    submit.disabled = true;
    addNote(o.sessionId, { at, text: text.value }).then(
      (note) => {
        notes = [...notes, note].sort((a, b) => a.at - b.at || a.createdAt - b.createdAt);
        text.value = '';
        pinned = null;
        render();
      },
      shows,
    ).finally(() => {
      submit.disabled = false;
    });
  });

  listNotes(o.sessionId, o.signal).then(
    (loaded) => {
      notes = loaded;
      render();
    },
    (err) => {
      if (!isAbort(err)) shows(err);
    },
  );

  const element = h('section', { class: 'notes', 'aria-labelledby': 'notes-heading' }, h('h2', { id: 'notes-heading' }, t('replay.notes.heading')), form, list);
  return {
    element,
    setTime: (offsetMs) => {
      if (pinned === null) label(offsetMs);
    },
  };
}
