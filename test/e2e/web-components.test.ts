// A page built of custom elements, recorded after consent (so after the elements
// were upgraded and their shadow roots filled): its replay shows their content.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { openReplay } from '../helpers/open-replay.ts';
import { storedText } from '../helpers/stored-bytes.ts';
import { maskText } from '../../contract/mask-text.ts';

type Einblick = { consent: { grant(): void } };

for (const privacy of ['strict', 'balanced'] as const) {
  describe(`custom elements, privacy ${privacy}`, () => {
    let world: World;
    before(async () => (world = await createWorld({ privacy })));
    after(() => world.close());

    test('tab labels (slotted light DOM) and shadow-root text replay with their size', async () => {
      const { context, page, requests } = await world.open('components', { privacy }, { viewport: { width: 1000, height: 700 } });
      await page.waitForFunction(() => !!document.querySelector('x-badge')?.shadowRoot?.textContent);
      // No named functions inside evaluate: tsx would wrap them in a helper the page does not have.
      const measure = `(() => ['tab-1', 'tab-2', 'tab-3', 'badge'].map((id) => {
        const host = document.getElementById(id);
        const r = host.getBoundingClientRect();
        return { id, width: Math.round(r.width), height: Math.round(r.height), text: (id === 'badge' ? host.shadowRoot?.getElementById('badge-text')?.textContent ?? '' : host.textContent).trim() };
      }))()`;
      const original = (await page.evaluate(measure)) as { id: string; width: number; height: number; text: string }[];
      await page.evaluate(() => (window as unknown as { einblick: Einblick }).einblick.consent.grant());
      await eventually('the recorder to load', () => requests.some((r) => r.url().includes('einblick-recorder')));
      await page.waitForTimeout(300);
      // A component that renders text straight into its shadow root (no element around
      // it) after recording began, then changes it: rrweb found no element to judge.
      await page.evaluate(() => {
        const root = document.getElementById('badge')!.shadowRoot!;
        root.textContent = 'SHADOWADDED';
        setTimeout(() => (root.firstChild!.textContent = 'SHADOWCHANGED'), 50);
      });
      await page.waitForTimeout(300);
      await page.goto('about:blank');
      await context.close();
      await eventually('the changed shadow text to be stored', () => ['SHADOWCHANGED', maskText('SHADOWCHANGED')].some((t) => storedText(world.server).includes(t)));
      const stored = storedText(world.server);
      for (const secret of ['SHADOWADDED', 'SHADOWCHANGED']) {
        assert.equal(stored.includes(secret), privacy === 'balanced', `${secret} is ${privacy === 'balanced' ? 'kept' : 'masked'} in ${privacy} mode`);
      }

      const replay = await openReplay(world, '/components');
      try {
        // The light DOM can be in place a moment before the shadow roots are filled: wait for both
        // (a badge whose text is never replayed still fails here, by timing out).
        await replay.frame.waitForFunction(() => !!document.getElementById('tab-3') && !!document.getElementById('badge')?.shadowRoot?.getElementById('badge-text')?.textContent);
        const replayed = (await replay.frame.evaluate(measure)) as typeof original;
        for (const [i, o] of original.entries()) {
          const r = replayed[i]!;
          assert.ok(r.text.length === o.text.length, `${o.id}: its text is replayed (${JSON.stringify(r.text)})`);
          assert.ok(r.width > 0 && Math.abs(r.width - o.width) <= Math.max(4, o.width * 0.1), `${o.id}: replayed ${r.width} px wide, was ${o.width}`);
          assert.equal(r.height, o.height, `${o.id}: replayed ${r.height} px high, was ${o.height}`);
        }
      } finally {
        await replay.close();
      }
    });
  });
}
