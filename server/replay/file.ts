// One session as a self-contained HTML file the data subject can open offline: the
// rrweb-player script and styles inlined, the events inlined as JSON, nothing loaded
// from the network. Recorded pages are untrusted (and may hold the site's scripts),
// so the same two walls as the viewer hold: rrweb rebuilds the page in an iframe
// sandboxed without allow-scripts, and the file's Content-Security-Policy (inherited
// by that about:blank iframe) allows only this file's own inline code, and images,
// fonts and media only from data:/blob: URLs — a recorded page never calls home.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SessionSummary } from '../../contract/schemas/index.ts';
import type { Store } from '../store/index.ts';
import { write, writeSessionEvents, type Sink } from './stream.ts';
import { offlineAssetSink } from '../assets/offline-assets.ts';

/** Only this file's own inline code; images, fonts and media from data:/blob: (and `assets`, when given). */
function replayCsp(assets: readonly string[] = []): string {
  const extra = assets.length ? ' ' + assets.join(' ') : '';
  return [
    "default-src 'none'",
    "script-src 'unsafe-inline'",
    // data: for captured stylesheets inlined by the export (assets/offline-assets.ts).
    `style-src 'unsafe-inline' data:${extra}`,
    `img-src data: blob:${extra}`,
    `font-src data:${extra}`,
    'media-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

let assets: { js: string; css: string } | undefined;

/** rrweb-player's UMD build (it defines the global rrwebPlayer), made safe inside <script>, and its styles: read and escaped once, the same in every file of an export. */
function playerAssets(): { js: string; css: string } {
  if (!assets) {
    const dist = path.dirname(createRequire(import.meta.url).resolve('rrweb-player'));
    assets = {
      js: scriptSafe(readFileSync(path.join(dist, 'rrweb-player.umd.min.cjs'), 'utf8')),
      css: readFileSync(path.join(dist, 'style.min.css'), 'utf8'),
    };
  }
  return assets;
}

/** Text that goes inside <script> must not end the element early. */
export const scriptSafe = (text: string): string => text.replace(/<(\/script|!--)/gi, '<\\$1');

/** JSON inside <script type="application/json">: every "<" escaped, so recorded text cannot close it. */
export const jsonInScript = (json: string): string => json.replace(/</g, '\\u003c');

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE =
  'body{font:15px/1.45 system-ui,sans-serif;color:#1d2733;margin:1.5rem auto;max-width:1240px;padding:0 1rem}' +
  'h1{font-size:1.3rem;margin:0 0 .3rem}p{margin:.2rem 0 1rem;color:#4a5563}#player{margin-top:1rem}.note{color:#8a1f11}';

/** A still of the first frame: no margin, no mouse pointer. */
const FIXED_STYLE = 'body{margin:0;padding:0;max-width:none}.replayer-mouse{display:none}';

// Runs in the file, not in the server: plain code, no imports. With data-fixed the
// replay is drawn at the recorded size (1:1, for the privacy preview's screenshot).
const BOOT = `(function () {
  var stage = document.getElementById('player');
  var events = JSON.parse(document.getElementById('einblick-events').textContent);
  if (events.length < 2) { stage.innerHTML = '<p class="note">This session holds too few events to replay.</p>'; return; }
  var vp = JSON.parse(stage.getAttribute('data-viewport'));
  var width = stage.hasAttribute('data-fixed') ? vp.width : Math.max(320, Math.min(stage.clientWidth || 1024, 1200));
  var height = stage.hasAttribute('data-fixed') ? vp.height : Math.round(Math.min(width * (vp.width > 0 && vp.height > 0 ? vp.height / vp.width : 9 / 16), window.innerHeight * 0.75));
  var Player = window.rrwebPlayer.default || window.rrwebPlayer;
  new Player({ target: stage, props: { events: events, width: width, height: height, autoPlay: false, skipInactive: true, showController: true, speedOption: [1, 2, 4, 8] } });
})();`;

export interface ReplayPage {
  title: string;
  /** Safe HTML above the player: escape what comes from a recording. */
  introHtml: string;
  viewport: { width: number; height: number };
  /** Draw the replay at the recorded size rather than fitted to the window. */
  fixedSize?: boolean;
  /** Origins the replay may load images, styles and fonts from (the preview: the page's own). */
  assetOrigins?: readonly string[];
}

/** The HTML before and after the events' JSON: head + (events, escaped with jsonInScript) + tail is the page. */
export function replayPageParts(page: ReplayPage): { head: string; tail: string } {
  const { js, css } = playerAssets();
  const head =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(replayCsp(page.assetOrigins))}">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(page.title)}</title><style>${css}</style><style>${STYLE}${page.fixedSize ? FIXED_STYLE : ''}</style></head><body>${page.introHtml}` +
    `<div id="player" data-viewport="${escapeHtml(JSON.stringify(page.viewport))}"${page.fixedSize ? ' data-fixed' : ''}></div>` +
    `<script type="application/json" id="einblick-events">`;
  const tail = `</script><script>${js}</script><script>${BOOT}</script></body></html>\n`;
  return { head, tail };
}

/** Writes the whole HTML file for one session to `sink`, streaming its events chunk by chunk. */
export async function writeReplayFile(sink: Sink, store: Store, session: SessionSummary, inflateLimit: number): Promise<void> {
  const started = new Date(session.startedAt).toISOString();
  const minutes = Math.max(1, Math.round(session.duration / 60_000));
  const { head, tail } = replayPageParts({
    title: `Recording of session ${session.id}`,
    introHtml:
      `<h1>Recording of your visit on ${escapeHtml(started.slice(0, 10))}</h1>` +
      `<p>Session <code>${escapeHtml(session.id)}</code> on site ${escapeHtml(session.site)}, started ${escapeHtml(started)}, about ${minutes} min, ` +
      `${session.pages} page view(s), entry page ${escapeHtml(session.entryUrl)}. This file plays offline: it loads nothing from the network ` +
      `(stylesheets, fonts and images Einblick captured are inside it; others stay blank) and runs nothing that was recorded. Masked text shows as *.</p>`,
    viewport: session.viewport,
  });
  await write(sink, head);
  const escaping: Sink = { write: (text) => sink.write(jsonInScript(text)), once: (event, listener) => sink.once(event, listener) };
  await writeSessionEvents(await offlineAssetSink(escaping, store, session.id), store, session.id, inflateLimit);
  await write(sink, tail);
}
