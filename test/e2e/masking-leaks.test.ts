// The ways page data slips past naive masking, each set as a trap: in strict mode
// none of these strings may reach the store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorld, type World } from '../helpers/world.ts';
import { eventually } from '../helpers/server.ts';
import { storedText } from '../helpers/stored-bytes.ts';

let world: World;
// The browser's masking on its own: the server's second line would hide a regression here.
before(async () => (world = await createWorld({ browserMaskingOnly: true })));
after(() => world.close());

const TRAPS = {
  'a value set by script before recording': 'PRESETSECRET',
  'a value set by script while recording': 'SCRIPTSETSECRET',
  'an autofill-like change': 'erin.autofill@example.com',
  'a hidden input': 'HIDDENSECRET',
  'a password typed, then the field toggled to text': 'TOGGLEDPASSSECRET',
  "a value set with setAttribute('value')": 'SETATTRSECRET',
  'textarea text added by mutation': 'TEXTAREAMUTSECRET',
  'text added by mutation': 'ADDEDTEXTSECRET',
  'an option label': 'OPTIONLABELSECRET',
  'an option added later': 'ADDEDOPTIONSECRET',
  'a title attribute': 'TITLESECRET',
  'an email in a title attribute': 'dave@example.com',
  'a placeholder': 'PLACEHOLDERSECRET',
  'an aria-label': 'ARIASECRET',
  'an input inside data-einblick-unmask': 'UNMASKEDINPUTSECRET',
  'a card field inside data-einblick-unmask': '4111111111111111',
  'text in an open shadow root': 'SHADOWTEXTSECRET',
  'a value in an open shadow root': 'SHADOWVALUESECRET',
  'shadow root text changed later': 'SHADOWCHANGEDSECRET',
  'text in a same-origin iframe': 'IFRAMETEXTSECRET',
  'iframe text changed later': 'IFRAMECHANGEDSECRET',
  'a value typed into an iframe input': 'IFRAMEINPUTSECRET',
  'contenteditable typing': 'EDITORSECRET',
  'a name in the query of the page URL': 'QUERYNAMESECRET',
  'a name in the query of an SPA navigation': 'PUSHEDNAMESECRET',
  'a name in the query of a same-origin link': 'LINKQUERYSECRET',
  'the path of a profile link to another site': 'PROFILEPATHSECRET',
  'a link changed to another profile later': 'MUTATEDLINKSECRET',
  'a sentence in a data- attribute': 'SHARESENTENCESECRET',
  'a user handle in a data- attribute': 'USERHANDLESECRET',
  'a data- attribute changed later': 'MUTATEDHANDLESECRET',
  'an alt text': 'ALTNAMESECRET',
  "a custom element's attribute": 'CUSTOMATTRSECRET',
  'a query value of an image URL': 'IMGQUERYSECRET',
  'a query value in a srcset': 'SRCSETQUERYSECRET',
};

test('strict mode: none of the leak traps reaches the store', async () => {
  const { context, page } = await world.open('leaks');
  // Opened as from a link that put the visitor's name in the address.
  await page.goto(page.url() + '&guest=QUERYNAMESECRET');
  await page.waitForFunction(() => typeof (window as unknown as { einblick?: unknown }).einblick === 'object');
  await page.evaluate(() => (window as unknown as { einblick: { consent: { grant(): void } } }).einblick.consent.grant());
  await page.fill('#toggle', 'TOGGLEDPASSSECRET');
  await page.evaluate(() => document.getElementById('toggle')!.setAttribute('type', 'text'));
  await page.fill('#unmasked-input', 'UNMASKEDINPUTSECRET');
  await page.fill('#card', '4111111111111111');
  await page.frameLocator('#frame').locator('#inner-input').fill('IFRAMEINPUTSECRET');
  await page.click('#editor');
  await page.keyboard.type(' EDITORSECRET');
  await page.evaluate(() => (window as unknown as { runLeaks(): void }).runLeaks());
  await page.waitForTimeout(300);
  await page.goto('about:blank');
  const stored = await eventually('the recording to arrive', () => {
    const text = storedText(world.server);
    return text.includes('Leak traps') && text.includes('"source":5') ? text : null;
  });
  // The recording is there with what a replay needs to style the page.
  assert.ok(stored.includes('data-state":"open'), 'a UI state attribute is kept');
  const leaked = Object.entries(TRAPS).filter(([, secret]) => stored.includes(secret)).map(([what]) => what);
  assert.deepEqual(leaked, []);
  await context.close();
});
