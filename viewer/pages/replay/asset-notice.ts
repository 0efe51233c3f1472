// The replay's fidelity report: which assets could not be captured and why, so a
// researcher knows why a replay looks off (server/routes/assets.ts gives the reasons).
import type { SessionAsset } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { warningNotice } from '../../ui/notice.ts';

/** The fidelity report: which assets the replay lacks and why; null when nothing is missing. */
export function assetNotice(assets: readonly SessionAsset[]): HTMLElement | null {
  const failed = assets.filter((a) => a.state === 'failed');
  const pending = assets.filter((a) => a.state === 'queued').length;
  if (!failed.length && !pending) return null;
  const summary = [failed.length ? `${failed.length} asset${failed.length === 1 ? '' : 's'} could not be captured` : '', pending ? `${pending} still being captured` : ''].filter(Boolean).join(', ');
  return warningNotice(
    h('details', { class: 'asset-report' },
      h('summary', null, `${summary}: the replay may look different from the page.`),
      h('ul', null, ...failed.map((a) => h('li', { 'data-reason': a.reason ?? '' }, h('code', null, a.url), ` (${a.kind}${a.via ? `, in ${a.via}` : ''}): ${a.explanation ?? a.reason ?? 'unknown'}`))),
    ),
  );
}
