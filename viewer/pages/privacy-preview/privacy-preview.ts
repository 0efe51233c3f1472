// /viewer/privacy/preview : before recording is switched on for a page, a privacy
// officer sees what a recording of it would hold. The server writes each preview
// (and how many texts it found unmasked) to the audit trail, as the approval record.
import { listSites, previewPage } from '../../api.ts';
import { h, replaceChildren } from '../../ui/dom.ts';
import { errorNotice, isAbort } from '../../ui/notice.ts';
import { previewForm } from './preview-form.ts';
import { previewResult } from './preview-result.ts';
import { privacyNav } from '../../shell/privacy-nav.ts';
import { t } from '../../i18n/translate.ts';

export function showPagePreview(main: HTMLElement, signal: AbortSignal): void {
  document.title = `${t('preview.title')} · Einblick`;
  const results = h('section', { class: 'results', 'aria-live': 'polite', 'aria-label': t('preview.results') });
  const render = (sites: Awaited<ReturnType<typeof listSites>>) =>
    replaceChildren(
      main,
      h('h1', { tabindex: '-1' }, t('preview.title')),
      privacyNav('preview'),
      h('p', { class: 'lede' }, t('preview.lede')),
      previewForm(sites, async (url, privacy) => {
        results.setAttribute('aria-busy', 'true');
        replaceChildren(results, h('p', { class: 'loading', role: 'status' }, t('preview.opening')));
        try {
          replaceChildren(results, previewResult(await previewPage(url, privacy, signal)));
        } catch (err) {
          if (!isAbort(err)) replaceChildren(results, errorNotice(err));
        } finally {
          results.setAttribute('aria-busy', 'false');
        }
      }),
      results,
    );
  listSites(signal).then(render, (err) => {
    if (isAbort(err)) return;
    render([]);
  });
}
