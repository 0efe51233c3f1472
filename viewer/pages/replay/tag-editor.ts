// The session's tags under the replay's title: chips with a remove button each and a
// field to add one; every change saves the whole set (PUT /sessions/:id/tags).
import type { SessionDetail } from '../../../contract/schemas/index.ts';
import { setSessionTags } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort } from '../../ui/notice.ts';

const MAX_TAGS = 20;

/** Placed after `anchor` once the session's details have arrived. */
export function mountTagEditor(anchor: HTMLElement, detail: Promise<SessionDetail>, signal: AbortSignal): void {
  detail.then((d) => !signal.aborted && anchor.after(tagEditor(d.id, d.tags)), (err: unknown) => void (isAbort(err) || undefined));
}

function tagEditor(sessionId: string, initial: string[]): HTMLElement {
  let tags = [...initial];
  const chips = h('ul', { class: 'tag-chips', 'aria-label': 'Tags' });
  const input = h('input', { id: 'tag-new', name: 'tag', type: 'text', maxlength: 40, placeholder: 'Add a tag', autocomplete: 'off' });
  const status = h('p', { class: 'tag-editor__status', role: 'status' });
  const form = h('form', { class: 'tag-editor', 'aria-label': 'Tags of this session' }, h('label', { for: input.id, class: 'visually-hidden' }, 'New tag'), chips, input, h('button', { type: 'submit', class: 'button' }, 'Add tag'), status);

  const save = async (next: string[]) => {
    try {
      tags = await setSessionTags(sessionId, next);
      status.textContent = 'Tags saved.';
      draw();
    } catch (err) {
      if (!isAbort(err)) replaceChildren(status, errorNotice(err));
    }
  };
  const draw = () =>
    chips.replaceChildren(
      ...tags.map((t) => {
        const remove = h('button', { type: 'button', class: 'tag-chip__remove', 'aria-label': `Remove tag ${t}` }, '×');
        remove.addEventListener('click', () => void save(tags.filter((x) => x !== t)));
        return h('li', { class: 'tag-chip' }, t, remove);
      }),
    );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const tag = input.value.trim();
    if (!tag || tags.includes(tag)) return;
    if (tags.length >= MAX_TAGS) return void (status.textContent = `At most ${MAX_TAGS} tags a session.`);
    input.value = '';
    void save([...tags, tag]);
  });
  draw();
  return form;
}
