// einblick-recorder.js: loaded by the stub after consent. Wires capture, derived
// facts and transport; every piece returns its own stop, so stopping is calling them all.
import { startCapture, type Capture } from './capture.ts';
import { createTransport } from './transport/index.ts';
import { openSession, saveSession, visitorId } from './identity.ts';
import { trackPages } from './pages.ts';
import { trackClicks } from './clicks.ts';
import { trackScrollDepth } from './scroll.ts';
import { recorderSettings } from './recorder-settings.ts';
import { openOutbox } from './transport/outbox.ts';
import { inSample } from './sample.ts';
import { startSurveys } from './survey/runner.ts';
import { BOOT_GLOBAL, KEYS, type Recording, type StartRecording } from './types.ts';

const SPA_SNAPSHOT_DELAY_MS = 500;

const NOT_RECORDING: Recording = { stop() {}, track() {}, identify() {}, survey: () => false };

const start: StartRecording = ({ config, receipt, onRevoked }) => {
  const { privacy, sample, queryKeys, safeImages, timings } = recorderSettings(config.dataset);
  const { scopes } = receipt;
  if (!scopes.replay && !scopes.surveys) return NOT_RECORDING;
  const visitor = visitorId();
  const replaying = scopes.replay && inSample(visitor, sample);
  const session = replaying ? openSession(timings.idleMs) : null;
  // The banner's language tells the server which text was shown; it hashes that text into the receipt.
  const sent = receipt.mechanism === 'banner' ? { ...receipt, lang: config.lang } : receipt;
  // A field typed into last is recorded before each cut (the transport is made first, the capture needs it).
  let capture: Capture | null = null;
  const transport = session && createTransport({ endpoint: config.endpoint, site: config.site, visitor, session, receipt: sent, timings, outbox: openOutbox(), onGone: onRevoked, beforeCut: () => capture?.recordLastValues() });
  capture = transport && startCapture(privacy, queryKeys, safeImages, (event, full) => transport.addEvent(event, full));
  const surveys = scopes.surveys ? startSurveys(config, visitor, session?.id, capture ? (mark) => capture.addCustomEvent('einblick:survey', mark) : undefined) : null;
  const firstPv = session?.pv;
  const snapshotted = new Set<string>();
  let snapshotTimer = 0;
  let pv = 0;
  const pages = trackPages(
    privacy,
    queryKeys,
    () => {
      if (!session) return pv++;
      const next = session.pv++;
      saveSession(session);
      return next;
    },
    (page) => {
      surveys?.onPage(page.url);
      if (!transport || !capture) return;
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
  // Revoked in another tab of this site: this one stops too, instead of recording on under
  // the id the server has just erased. (Here, not in the stub: only a recording tab needs it.)
  const onStorage = (e: StorageEvent) => e.key === KEYS.consent && e.newValue === null && onRevoked();
  addEventListener('storage', onStorage);
  const stops = [() => clearTimeout(snapshotTimer), () => pages.stop(), () => surveys?.stop(), () => removeEventListener('storage', onStorage)];
  if (transport && capture)
    stops.push(
      () => transport.stop(),
      () => capture.stop(),
      trackClicks(pages.current, (click) => transport.addClick(click), timings),
      trackScrollDepth(pages.current, (pv, depth, ts) => transport.setScroll(pv, depth, ts)),
    );
  return {
    stop: () => stops.forEach((stop) => stop()),
    // Bounded as the server's schema bounds them, so one long string cannot cost a chunk.
    track(name) {
      if (typeof name !== 'string' || !name) return;
      capture?.addCustomEvent('track', { name: name.slice(0, 100) });
      transport?.addTrack(name.slice(0, 100));
      surveys?.track(name.slice(0, 100));
    },
    identify: (id) => typeof id === 'string' && id && transport?.identify(id.slice(0, 256)),
    survey: (id) => typeof id === 'string' && !!surveys && (surveys.show(id), true),
  };
};

const boot = (window as unknown as Record<string, ((s: StartRecording) => void) | undefined>)[BOOT_GLOBAL];
boot?.(start);
