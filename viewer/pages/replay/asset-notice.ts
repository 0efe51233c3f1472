// The replay's fidelity report: which assets could not be captured and why, so a
// researcher knows why a replay looks off (server/routes/assets.ts gives the reasons).
import type { SessionAsset } from '../../../contract/schemas/index.ts';
import { h } from '../../ui/dom.ts';
import { warningNotice } from '../../ui/notice.ts';
import { t, tNodes } from '../../i18n/translate.ts';
import { CATALOGUES, type MessageKey } from '../../i18n/messages.ts';

type ReasonKey = Extract<MessageKey, `replay.assets.reason.${string}`>;
const isReasonKey = (key: string): key is ReasonKey => Object.hasOwn(CATALOGUES.en, key);

/** The reasons server/assets/capture-error.ts knows, in the viewer's language; another (a newer server's) as the server words it. */
function why(a: SessionAsset): string {
  const key = `replay.assets.reason.${a.reason}`;
  if (a.reason && isReasonKey(key)) return t(key);
  return a.explanation ?? a.reason ?? t('replay.assets.unknown');
}

/** The fidelity report: which assets the replay lacks and why; null when nothing is missing. */
export function assetNotice(assets: readonly SessionAsset[]): HTMLElement | null {
  const failed = assets.filter((a) => a.state === 'failed');
  const pending = assets.filter((a) => a.state === 'queued').length;
  if (!failed.length && !pending) return null;
  const summary = [failed.length ? t('replay.assets.failed', { count: failed.length }) : '', pending ? t('replay.assets.pending', { count: pending }) : ''].filter(Boolean).join(', ');
  const item = (a: SessionAsset) => {
    const words = { url: h('code', null, a.url), kind: t(`replay.assets.kind.${a.kind}`), why: why(a) };
    return h('li', { 'data-reason': a.reason ?? '' }, ...(a.via ? tNodes('replay.assets.itemVia', { ...words, via: a.via }) : tNodes('replay.assets.item', words)));
  };
  return warningNotice(
    h('details', { class: 'asset-report' },
      h('summary', null, t('replay.assets.summary', { summary })),
      h('ul', null, ...failed.map(item)),
    ),
  );
}
