// What a recording of the previewed page would hold: the page beside its masked
// replay, and the list of every text that would be stored unmasked.
import type { PagePreview } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { plural } from '../../ui/format.ts';

function shot(title: string, src: string, alt: string): HTMLElement {
  return h('figure', { class: 'preview-shot' }, h('figcaption', null, title), h('img', { src, alt, width: 640, height: 400 }));
}

function unmaskedTable(p: PagePreview): HTMLElement {
  if (p.unmasked.length === 0) return h('p', { class: 'empty' }, 'No text would be stored unmasked: every text node and text attribute is masked.');
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'records', 'data-testid': 'unmasked-texts' },
      h('caption', { class: 'visually-hidden' }, 'Texts stored unmasked'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Where'), h('th', { scope: 'col' }, 'Stored as'))),
      h(
        'tbody',
        null,
        p.unmasked.map((t) =>
          h('tr', { 'data-kind': t.kind }, h('td', null, h('code', null, t.attribute ? `${t.element} [${t.attribute}]` : t.element)), h('td', { class: 'preview-text' }, t.text)),
        ),
      ),
    ),
  );
}

export function previewResult(p: PagePreview): HTMLElement {
  return h(
    'div',
    { class: 'preview-result', 'data-testid': 'preview-result' },
    h('h2', null, `${plural(p.counts.unmasked, 'text')} of ${p.counts.texts} would be stored unmasked (${p.privacy})`),
    h('p', { class: 'hint' }, 'Page address as stored: ', h('code', { class: 'break' }, p.storedUrl ?? '(none)'), p.finalUrl !== p.url ? ` (the page redirected to ${p.finalUrl})` : ''),
    h(
      'div',
      { class: 'preview-shots' },
      shot('The page', p.pageScreenshot, 'The page as a visitor sees it'),
      shot('Its masked replay', p.replayScreenshot, 'The same page as a recording would replay it, masked'),
    ),
    h('h3', null, 'Stored unmasked'),
    unmaskedTable(p),
  );
}
