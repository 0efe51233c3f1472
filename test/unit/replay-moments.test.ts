// What the replay page computes: the visit's moments in order, the idle stretches on
// its timeline, the link to a moment, and which keys drive the player.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { eventWithTime } from '@rrweb/types';
import { replayMoments, trackEvents } from '../../viewer/pages/replay/moments.ts';
import { idleStretches } from '../../viewer/replay/idle-stretches.ts';
import { momentHref } from '../../viewer/pages/replay/moment-link.ts';
import { shortcutFor, shortcuts, type ShortcutTarget } from '../../viewer/pages/replay/shortcuts.ts';
import { replayProblem } from '../../viewer/pages/replay/replay-problem.ts';
import { setLocale } from '../../viewer/i18n/locale.ts';

const T0 = 1_700_000_000_000;
const move = (ms: number) => ({ type: 3, timestamp: T0 + ms, data: { source: 1, positions: [] } }) as unknown as eventWithTime;
const mutation = (ms: number) => ({ type: 3, timestamp: T0 + ms, data: { source: 0, texts: [], attributes: [], removes: [], adds: [] } }) as unknown as eventWithTime;
const custom = (ms: number, tag: string, payload: unknown) => ({ type: 5, timestamp: T0 + ms, data: { tag, payload } }) as unknown as eventWithTime;

test('the moments of a visit come in the order they happened, each kind named', () => {
  const moments = replayMoments({
    start: T0,
    detail: {
      pageViews: [{ pv: 0, url: 'https://shop.example/cart?x=1', title: 'Cart', ts: T0 + 1_000, viewportWidth: 1, viewportHeight: 1, docWidth: 1, docHeight: 1, maxScroll: 0.5 }],
      clickList: [
        { pv: 0, ts: T0 + 9_000, x: 1, y: 1, selector: 'button.pay', offsetX: 0, offsetY: 0, rage: true, dead: false },
        { pv: 0, ts: T0 + 3_000, x: 1, y: 1, selector: 'a.help', offsetX: 0, offsetY: 0, rage: false, dead: true },
      ],
      surveyAnswers: [{ id: 'a1', survey: 's1', kind: 'nps', score: 3, comment: 'too slow', ts: T0 + 12_000 }],
    },
    tracks: trackEvents([custom(5_000, 'track', { name: 'coupon-tried' }), custom(6_000, 'einblick:page', {}), custom(7_000, 'track', { name: 42 })]),
    notes: [{ id: 'n1', at: 4_000, text: 'x'.repeat(200), author: 'Ada', createdAt: T0 }],
  });
  assert.deepEqual(moments.map((m) => [m.kind, m.at]), [['page', 1_000], ['dead', 3_000], ['note', 4_000], ['track', 5_000], ['rage', 9_000], ['answer', 12_000]]);
  assert.equal(moments[0]!.label, 'Page view /cart?x=1');
  assert.equal(moments[1]!.label, 'Dead click on a.help');
  assert.equal(moments[2]!.label.length, 'Note by Ada: '.length + 80, 'a long note is cut in the list');
  assert.equal(moments[2]!.detail, 'x'.repeat(200), 'and whole in its tooltip');
  assert.equal(moments[3]!.label, 'Event “coupon-tried”');
  assert.equal(moments[5]!.label, 'NPS answer 3');
  assert.equal(moments[5]!.detail, 'too slow');
});

test('idle stretches: at least 10 s without a visitor action, the edges included, page changes alone do not count', () => {
  const events = [move(12_000), mutation(15_000), mutation(25_000), move(30_000), move(35_000)];
  assert.deepEqual(idleStretches(events, T0, T0 + 50_000), [{ from: 0, to: 12_000 }, { from: 12_000, to: 30_000 }, { from: 35_000, to: 50_000 }]);
  assert.deepEqual(idleStretches([move(0), move(9_999)], T0, T0 + 10_000), [], 'shorter pauses are reading');
  assert.deepEqual(idleStretches([], T0, T0 + 5_000), []);
});

test('the link to a moment keeps the rest of the address, and moment 0 is the plain address', () => {
  assert.equal(momentHref('https://e.example/viewer/sessions/s1?t=5&x=1#top', 12_345.6), 'https://e.example/viewer/sessions/s1?t=12346&x=1#top');
  assert.equal(momentHref('https://e.example/viewer/sessions/s1?t=5', 0), 'https://e.example/viewer/sessions/s1');
});

test('Space, arrows and speed digits drive the player, except where a field or button owns the key', () => {
  const calls: string[] = [];
  const player: ShortcutTarget = { toggle: () => calls.push('toggle'), seekBy: (d) => calls.push(`seek ${d}`), setSpeed: (s) => calls.push(`speed ${s}`) };
  const press = (key: string, target: unknown = null, mods: Partial<KeyboardEvent> = {}) =>
    shortcutFor({ key, altKey: false, ctrlKey: false, metaKey: false, target: target as EventTarget | null, ...mods })?.(player);
  for (const key of [' ', 'ArrowLeft', 'ArrowRight', '4', '3', 'a']) press(key);
  assert.deepEqual(calls, ['toggle', 'seek -5000', 'seek 5000', 'speed 4']);
  const field = { isContentEditable: false, closest: (sel: string) => (sel.includes('textarea') ? {} : null) };
  press(' ', field);
  press('ArrowLeft', null, { ctrlKey: true });
  press(' ', { isContentEditable: true, closest: () => null });
  assert.equal(calls.length, 4, 'typing in a note, a browser shortcut, an editable element: left alone');
});

test('in German, the moments, the keys and why a session cannot be replayed are German; notes stay as written', (t) => {
  setLocale('de', ['de-DE']);
  t.after(() => setLocale('en', []));
  const moments = replayMoments({
    start: T0,
    detail: {
      pageViews: [{ pv: 0, url: 'https://shop.example/kasse', title: 'Kasse', ts: T0, viewportWidth: 1, viewportHeight: 1, docWidth: 1, docHeight: 1, maxScroll: 0 }],
      clickList: [{ pv: 0, ts: T0 + 1_000, x: 1, y: 1, selector: 'button.pay', offsetX: 0, offsetY: 0, rage: true, dead: false }],
      surveyAnswers: [{ id: 'a1', survey: 's1', kind: 'nps', score: 3, comment: null, ts: T0 + 3_000 }],
    },
    tracks: [{ ts: T0 + 2_000, name: 'coupon-tried' }],
    notes: [{ id: 'n1', at: 4_000, text: 'Hesitates here', author: 'Ada', createdAt: T0 }],
  });
  assert.deepEqual(moments.map((m) => m.label), ['Seitenaufruf /kasse', 'Rage-Klick auf button.pay', 'Ereignis „coupon-tried“', 'NPS-Antwort 3', 'Notiz von Ada: Hesitates here']);
  assert.deepEqual(shortcuts().map(([keys, what]) => `${keys}: ${what}`), ['Leertaste: Abspielen oder pausieren', '← / →: 5 Sekunden zurück oder vor', '1 2 4 8: Wiedergabegeschwindigkeit']);
  assert.match(replayProblem([{ type: 4 }]) ?? '', /^Diese Sitzung hat nur ein aufgezeichnetes Ereignis/);
});
