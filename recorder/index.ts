// einblick-recorder.js: loaded by the stub only after consent. Wires capture, derived
// facts and transport; every piece returns its own stop, so stopping is calling them all.
import { startCapture } from './capture.ts';
import { createTransport } from './transport.ts';
import { openSession, saveSession, visitorId } from './identity.ts';
import { trackPages } from './pages.ts';
import { trackClicks } from './clicks.ts';
import { trackScrollDepth } from './scroll.ts';
import { recorderSettings } from './recorder-settings.ts';
import { openOutbox } from './outbox.ts';
import { BOOT_GLOBAL, type Recording, type StartRecording } from './types.ts';

/** The same visitor is in or out of the sample on every page: a hash of the id decides. */
function inSample(visitor: string, share: number): boolean {
  if (share >= 1) return true;
  let h = 0;
  for (let i = 0; i < visitor.length; i++) h = (h * 31 + visitor.charCodeAt(i)) >>> 0;
  return (h % 10_000) / 10_000 < share;
}

const SPA_SNAPSHOT_DELAY_MS = 500;

const NOT_RECORDING: Recording = { stop() {}, track() {}, identify() {} };

const start: StartRecording = ({ config, receipt, onRevokedByServer }) => {
  const { privacy, sample } = recorderSettings(config.dataset);
  const visitor = visitorId();
  if (!inSample(visitor, sample)) return NOT_RECORDING;
  const session = openSession();
  // The banner's language tells the server which text was shown; it hashes that text into the receipt.
  const sent = receipt.mechanism === 'banner' ? { ...receipt, lang: config.lang } : receipt;
  const transport = createTransport({ endpoint: config.endpoint, site: config.site, visitor, session, receipt: sent, outbox: openOutbox(), onGone: onRevokedByServer });
  const capture = startCapture(privacy, (event, full) => transport.addEvent(event, full));
  const firstPv = session.pv;
  const snapshotted = new Set<string>();
  let snapshotTimer = 0;
  const pages = trackPages(
    privacy,
    () => {
      const pv = session.pv++;
      saveSession(session);
      return pv;
    },
    (page) => {
      transport.addPage(page);
      capture.addCustomEvent('einblick:page', { pv: page.pv, url: page.url });
      // Heatmaps draw over a snapshot of each page (its URL without query and fragment,
      // as the server keys heatmaps). After an SPA navigation to a page not yet
      // snapshotted on this load, give the new view a moment to render, then take one.
      const key = page.url.split(/[?#]/, 1)[0] ?? page.url;
      const needsSnapshot = page.pv !== firstPv && !snapshotted.has(key);
      snapshotted.add(key);
      if (needsSnapshot) {
        clearTimeout(snapshotTimer);
        snapshotTimer = window.setTimeout(() => capture.takeFullSnapshot(), SPA_SNAPSHOT_DELAY_MS);
      }
    },
  );
  const stops = [
    () => clearTimeout(snapshotTimer),
    () => transport.stop(),
    () => capture.stop(),
    () => pages.stop(),
    trackClicks(pages.current, (click) => transport.addClick(click)),
    trackScrollDepth(pages.current, (pv, depth, ts) => transport.setScroll(pv, depth, ts)),
  ];
  return {
    stop: () => stops.forEach((stop) => stop()),
    // Bounded as the server's schema bounds them, so one long string cannot cost a chunk.
    track: (name) => typeof name === 'string' && name && capture.addCustomEvent('track', { name: name.slice(0, 100) }),
    identify: (id) => typeof id === 'string' && id && transport.identify(id.slice(0, 256)),
  };
};

const boot = (window as unknown as Record<string, ((s: StartRecording) => void) | undefined>)[BOOT_GLOBAL];
boot?.(start);
