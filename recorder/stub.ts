// einblick.js: the consent stub every visitor downloads. Until consent it makes no
// request, sets no cookie and writes no storage; only then does it load the recorder
// from its own origin. It never throws into the host page.
import { readScriptConfig } from './script-config.ts';
import { showBanner } from './banner.ts';
import { followTcf } from './tcf.ts';
import { BOOT_GLOBAL, KEYS, type ConsentReceipt, type ConsentScopes, type ConsentStatus, type Recording, type StartRecording } from './types.ts';

type Mechanism = ConsentReceipt['mechanism'];

const safe = <T>(fn: () => T): T | undefined => {
  try {
    return fn();
  } catch {
    return undefined;
  }
};

function storedReceipt(): ConsentReceipt | null {
  const r = safe(() => JSON.parse(localStorage.getItem(KEYS.consent)!) as ConsentReceipt | null);
  return r?.scopes ? r : null;
}

function install(script: HTMLScriptElement): void {
  const config = readScriptConfig(script);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const gpc = nav.globalPrivacyControl === true;
  const dnt = nav.doNotTrack === '1' || (window as unknown as { doNotTrack?: string }).doNotTrack === '1';

  let receipt = storedReceipt();
  // GPC and DNT are a "no" until the visitor explicitly says yes.
  let status: ConsentStatus = receipt ? 'granted' : gpc || dnt ? 'denied' : 'unknown';
  let recording: Recording | null = null;
  let hideBanner: (() => void) | undefined;
  let identity: unknown;
  let wantedSurvey: unknown;

  // Either scope loads the recorder: it starts capture only for replay, the survey runner only for surveys.
  const start = () => {
    if (!receipt || recording) return;
    const w = window as unknown as Record<string, unknown>;
    w[BOOT_GLOBAL] = (startRecording: StartRecording) => {
      if (status !== 'granted' || recording || !receipt) return;
      recording = startRecording({ config, receipt, onRevoked: forget });
      // Both check their argument: undefined (never called) is a no-op.
      recording.identify(identity);
      recording.survey(wantedSurvey);
    };
    const tag = document.createElement('script');
    tag.src = config.recorderUrl;
    // A script added by script is async already.
    document.head.appendChild(tag);
  };

  const grant = (scopes?: Partial<ConsentScopes>, mechanism: Mechanism = 'api') => {
    hideBanner?.();
    if (status === 'granted' && recording) return;
    const s = { replay: scopes?.replay !== false, surveys: scopes?.surveys !== false };
    receipt = { ts: Date.now(), scopes: s, mechanism, version: config.consentVersion, gpc, dnt };
    status = 'granted';
    safe(() => localStorage.setItem(KEYS.consent, JSON.stringify(receipt)));
    start();
  };

  /**
   * Stops and forgets everything this browser holds for Einblick. `tellServer`: the
   * visitor revoked here, so the server is asked to erase, with the visitor key as proof;
   * not when the server said the data is gone (410) or another tab revoked already.
   */
  function forget(tellServer?: boolean) {
    hideBanner?.();
    recording?.stop();
    recording = null;
    status = 'denied';
    receipt = null;
    const proof = safe(() => localStorage.getItem(KEYS.visitorKey));
    safe(() => {
      for (const key of [KEYS.consent, KEYS.visitor, KEYS.visitorKey, KEYS.surveys]) localStorage.removeItem(key);
      sessionStorage.removeItem(KEYS.session);
      indexedDB.deleteDatabase('einblick'); // the outbox of unsent chunks (transport/outbox.ts)
    });
    // Nothing was ever sent for a visitor without a key, and an id without its key (from
    // before keys existed) cannot prove itself: the privacy desk erases those.
    if (tellServer && proof) {
      safe(() =>
        // A string body is sent as text/plain: a CORS simple request, no preflight.
        fetch(config.endpoint + '/api/v1/consent/revoke', {
          method: 'POST',
          // The server derives the visitor id from its key; the tombstone covers all its sessions.
          body: JSON.stringify({ site: config.site, proof }),
          keepalive: true,
        }).catch(() => undefined),
      );
    }
  }
  const revoke = () => forget(true);

  (window as unknown as { einblick: unknown }).einblick = {
    consent: {
      grant: (scopes?: Partial<ConsentScopes>) => safe(() => grant(scopes)),
      revoke: () => safe(revoke),
      status: () => status,
    },
    // Arguments are checked by the recorder: the stub stays small.
    identify: (externalId: unknown) => {
      identity = externalId;
      recording?.identify(externalId);
    },
    track: (name: unknown) => recording?.track(name),
    // Asked for before the recorder has loaded: shown once it has (and only with the surveys scope).
    survey: (id: unknown) => (recording ? recording.survey(id) : (wantedSurvey = id)),
  };

  if (status === 'granted') start();
  else if (config.consent === 'tcf') {
    followTcf((yes) => (yes ? grant(undefined, 'tcf') : status === 'granted' ? revoke() : (status = 'denied')));
  } else if (config.consent === 'banner' && status === 'unknown') {
    hideBanner = showBanner(config.lang, () => grant(undefined, 'banner'), () => (status = 'denied'));
  }
}

const current = document.currentScript as HTMLScriptElement | null;
if (!(window as unknown as { einblick?: unknown }).einblick && current) safe(() => install(current));
