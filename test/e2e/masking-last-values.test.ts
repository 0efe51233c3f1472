// The last thing typed is recorded: a field edited last and never blurred (the visitor
// types, then follows a link or closes the tab) replays with its full masked length,
// and typing is still not recorded keystroke by keystroke.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';

interface Node { id: number; attributes?: Record<string, unknown>; childNodes?: Node[] }
interface Event { type: number; data: { source?: number; id?: number; text?: string; node?: Node; adds?: { node: Node }[] } }

let world: World;
before(async () => (world = await createWorld()));
after(() => world.close());

const grant = (page: Page) => page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
const sessionId = (page: Page) => page.evaluate(() => (JSON.parse(sessionStorage.getItem('einblick:session') ?? '{}') as { id?: string }).id);

/** The recorded node of the element with that id: in the full snapshot, or added later (a frame's document is). */
function nodeIdOf(events: Event[], elementId: string): number | undefined {
  const stack = events.flatMap((e) => (e.type === 2 && e.data.node ? [e.data.node] : (e.data.adds ?? []).map((a) => a.node)));
  while (stack.length) {
    const n = stack.pop()!;
    if (n.attributes?.id === elementId) return n.id;
    stack.push(...(n.childNodes ?? []));
  }
  return undefined;
}

const FIELDS = [
  { field: 'a text field', fixture: 'shop', selector: 'name', typed: 'Zebulon Quartermain', leave: 'a link' },
  { field: 'a password field', fixture: 'shop', selector: 'password', typed: 'correct-horse-battery-staple', leave: 'a link' },
  { field: 'a textarea', fixture: 'shop', selector: 'notes', typed: 'Please ring twice,\nthen leave it at the door', leave: 'closing the tab' },
  { field: 'a field in a same-origin frame', fixture: 'leaks', selector: 'inner-input', typed: 'Quentin', leave: 'a link' },
  { field: 'a field in an open shadow root', fixture: 'leaks', selector: 'shadow-input', typed: 'Quentin Shadow', leave: 'a link' },
] as const;

for (const { field, fixture, selector, typed, leave } of FIELDS) {
  test(`${field} typed into and left by ${leave} without blurring replays its full masked length`, async () => {
    const { context, page } = await world.open(fixture);
    await grant(page);
    const id = await eventually('a session id', () => sessionId(page));
    // Playwright's locators pierce open shadow roots; a frame's fields are reached through the frame.
    const field = (selector === 'inner-input' ? page.frameLocator('#frame') : page).locator(`#${selector}`);
    await field.fill('');
    await field.pressSequentially(typed);
    if (leave === 'a link') await page.goto('about:blank');
    else await page.close();
    const events = await eventually(`the value of #${selector} to arrive`, async () => {
      const list = (await (await world.server.api(`/api/v1/sessions/${id}/events`)).json()) as Event[];
      const node = nodeIdOf(list, selector);
      const inputs = list.filter((e) => e.type === 3 && e.data.source === 5 && e.data.id === node);
      return inputs.length ? inputs : null;
    });
    const last = events.at(-1)!.data.text!;
    assert.equal(last.length, typed.length, 'the replay shows as many characters as were typed');
    assert.match(last, /^\*+$/, 'masked');
    assert.ok(events.length <= 2, `recorded once or twice, not per keystroke (${events.length} input events for ${typed.length} keys)`);
    await context.close();
  });
}
