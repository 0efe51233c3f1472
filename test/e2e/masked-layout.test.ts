// Masked text takes the room of the text it replaces: a strict-mode replay breaks
// every paragraph into as many lines as the page did, in serif and sans fonts, with
// runs of narrow (i l 1 punctuation) and wide (M W) letters, so heatmaps, click
// positions and screenshots of masked replays stay true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { untilRecording } from '../helpers/recording.ts';
import { openReplay } from '../helpers/open-replay.ts';
import { isMaskedText } from '../../contract/mask-text.ts';

let world: World;
before(async () => (world = await createWorld({ privacy: 'strict' })));
after(() => world.close());

interface Box { id: string; width: number; height: number; lines: number; text: string }
// A string, not a function: tsx would wrap named functions in a helper the page does not have.
const MEASURE = `[...document.querySelectorAll('.column p')].map((p) => {
  const range = document.createRange();
  range.selectNodeContents(p);
  const rects = [...range.getClientRects()];
  const tops = new Set(rects.map((r) => Math.round(r.top)));
  return { id: p.id, width: Math.max(...rects.map((r) => r.right)) - Math.min(...rects.map((r) => r.left)), height: p.getBoundingClientRect().height, lines: tops.size, text: p.textContent };
})`;

test('each masked paragraph replays with the lines and nearly the width of the original', async () => {
  const { context, page } = await world.open('masked-layout', { privacy: 'strict' }, { viewport: { width: 800, height: 900 } });
  const original = (await page.evaluate(MEASURE)) as Box[];
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await untilRecording(page);
  await page.goto('about:blank');
  await context.close();

  const replay = await openReplay(world, '/masked-layout');
  try {
    await replay.frame.waitForFunction(() => document.querySelectorAll('.column p').length === 8);
    const replayed = (await replay.frame.evaluate(MEASURE)) as Box[];
    assert.equal(replayed.length, original.length);
    for (const [i, o] of original.entries()) {
      const r = replayed[i]!;
      assert.ok(isMaskedText(r.text) && r.text !== o.text, `${o.id} is replayed masked: ${r.text}`);
      assert.equal(r.lines, o.lines, `${o.id}: ${r.lines} lines replayed, ${o.lines} on the page`);
      assert.equal(r.height, o.height, `${o.id}: replayed ${r.height} px high, was ${o.height}`);
      assert.ok(Math.abs(r.width - o.width) <= o.width * 0.04, `${o.id}: replayed ${r.width.toFixed(1)} px wide, was ${o.width.toFixed(1)}`);
    }
  } finally {
    await replay.close();
  }
});
