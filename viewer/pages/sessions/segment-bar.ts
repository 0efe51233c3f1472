// Saved segments above the sessions list: pick one (the page navigates to its filters'
// URL, which can be shared as it is), or save the filters in use under a name.
import { listSegments, saveSegment } from '../../api.ts';
import type { Segment } from '../../../contract/schemas/index.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { field, option } from '../../ui/form-fields.ts';
import { errorNotice, isAbort } from '../../ui/notice.ts';
import { BASE, navigate } from '../../router.ts';
import { searchFromFilters, toSessionQuery, type ListFilters } from './session-filters.ts';
import { filtersOfSegment } from './segment-filters.ts';
import { t } from '../../i18n/translate.ts';

export function segmentBar(f: ListFilters, signal: AbortSignal): HTMLElement {
  const bar = h('section', { class: 'segments', 'aria-label': t('sessions.segments') });
  if (!f.site) {
    replaceChildren(bar, h('p', { class: 'muted' }, t('sessions.segments.pickSite')));
    return bar;
  }
  const current = searchFromFilters(f);
  const pick = h('select', { id: 'segment-pick', name: 'segment' }, option('', t('sessions.segments.choose'), ''));
  const name = h('input', { id: 'segment-name', name: 'segmentName', type: 'text', maxlength: 80, placeholder: t('sessions.segments.namePlaceholder'), required: true });
  const save = h('button', { type: 'submit', class: 'button' }, t('sessions.segments.save'));
  const status = h('p', { class: 'segments__status', role: 'status' });
  const form = h('form', { class: 'segments__save' }, field(t('sessions.segments.name'), name), save);
  let segments: Segment[] = [];

  const fill = () => {
    const selected = segments.find((s) => searchFromFilters(filtersOfSegment(s)) === current);
    pick.replaceChildren(option('', t('sessions.segments.choose'), ''), ...segments.map((s) => option(String(s.id), s.name, selected ? String(selected.id) : '')));
  };
  listSegments(f.site, signal).then(
    (list) => ((segments = list), fill()),
    (err) => !isAbort(err) && replaceChildren(status, errorNotice(err)),
  );
  pick.addEventListener('change', () => {
    const segment = segments.find((s) => String(s.id) === pick.value);
    if (segment) navigate(BASE + searchFromFilters(filtersOfSegment(segment)));
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const { site: _site, ...filters } = toSessionQuery(f);
      await saveSegment(f.site, name.value.trim(), filters);
      segments = await listSegments(f.site, signal);
      fill();
      status.textContent = t('sessions.segments.saved', { name: name.value.trim() });
      name.value = '';
    } catch (err) {
      if (!isAbort(err)) replaceChildren(status, errorNotice(err));
    } finally {
      save.disabled = false;
    }
  });
  replaceChildren(bar, field(t('sessions.segments.segment'), pick), form, status);
  return bar;
}
