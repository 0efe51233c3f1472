// What a recording of the previewed page would hold: the page beside its masked
// replay, and the list of every text that would be stored unmasked.
import type { PagePreview } from '../../api.ts';
import { h } from '../../ui/dom.ts';
import { t, tNodes } from '../../i18n/translate.ts';

function shot(title: string, src: string, alt: string): HTMLElement {
  return h('figure', { class: 'preview-shot' }, h('figcaption', null, title), h('img', { src, alt, width: 640, height: 400 }));
}

function unmaskedTable(p: PagePreview): HTMLElement {
  if (p.unmasked.length === 0) return h('p', { class: 'empty' }, t('preview.allMasked'));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'records', 'data-testid': 'unmasked-texts' },
      h('caption', { class: 'visually-hidden' }, t('preview.unmaskedCaption')),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('preview.col.where')), h('th', { scope: 'col' }, t('preview.col.storedAs')))),
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
    h('h2', null, t('preview.summary', { count: p.counts.unmasked, total: p.counts.texts, mode: t(p.privacy === 'balanced' ? 'preview.mode.balanced' : 'preview.mode.strict') })),
    h('p', { class: 'hint' }, tNodes('preview.storedUrl', { url: h('code', { class: 'break' }, p.storedUrl ?? t('preview.noUrl')) }), p.finalUrl !== p.url ? ` ${t('preview.redirected', { url: p.finalUrl })}` : ''),
    h(
      'div',
      { class: 'preview-shots' },
      shot(t('preview.page'), p.pageScreenshot, t('preview.pageAlt')),
      shot(t('preview.replay'), p.replayScreenshot, t('preview.replayAlt')),
    ),
    h('h3', null, t('preview.unmasked')),
    unmaskedTable(p),
  );
}
