// The second line of masking on a chunk's JSON text (server/pii/scrub-events.ts):
// personal data in page text is masked where it stands, and nothing that is rrweb
// structure — keys, ids, timestamps, tag names — is ever changed.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scrubRecordedText } from '../../server/pii/scrub-events.ts';
import { mayHoldPageText } from '../../server/pii/first-look.ts';
import { maskText } from '../../server/pii/detect.ts';

const T0 = 1_700_000_000_000;
const LUHN_VALID = 4111111111111111; // a digit run that is a valid card number

const el = (tagName: string, attributes: Record<string, unknown>, childNodes: unknown[], id: number) => ({ type: 2, tagName, attributes, childNodes, id });
const txt = (textContent: string, id: number, extra: Record<string, unknown> = {}) => ({ type: 3, textContent, id, ...extra });
const snapshot = (body: unknown[], timestamp = T0) => ({ type: 2, data: { node: { type: 0, childNodes: [el('html', {}, [el('body', {}, body, 2)], 1)], id: 0 }, initialOffset: { left: 0, top: 0 } }, timestamp });

function scrub(events: unknown[]) {
  const r = scrubRecordedText(Buffer.from(JSON.stringify(events)));
  assert.equal(r.overBudget, false);
  return { text: r.text, catches: r.catches, events: r.text ? (JSON.parse(r.text.toString('utf8')) as unknown[]) : null };
}

/** The events as they should come out: `personal` masked inside `events`' JSON. */
function masked(events: unknown[], ...personal: string[]): unknown[] {
  let json = JSON.stringify(events);
  for (const p of personal) json = json.split(p).join(maskText(p));
  return JSON.parse(json) as unknown[];
}

describe('personal data in page text is masked in place', () => {
  test('an email and a card number in a paragraph, found beside a sibling element', () => {
    const events = [snapshot([el('p', { class: 'note big' }, [el('b', {}, [txt('Hi', 5)], 4), txt(' bob@example.com, card 4111 1111 1111 1111', 6)], 3)])];
    const r = scrub(events);
    assert.deepEqual(r.events, masked(events, 'bob@example.com', '4111 1111 1111 1111'));
    assert.deepEqual(r.catches, [
      { kind: 'email', element: 'p.note', field: 'text', ts: T0 },
      { kind: 'card', element: 'p.note', field: 'text', ts: T0 },
    ]);
  });

  test('an email inside an attribute value, with the element named by its id', () => {
    const events = [snapshot([el('a', { id: 'contact', href: '/contact', title: 'Mail bob@example.com' }, [txt('Contact', 4)], 3)])];
    const r = scrub(events);
    assert.deepEqual(r.events, masked(events, 'bob@example.com'));
    assert.deepEqual(r.catches, [{ kind: 'email', element: 'a#contact', field: 'title', ts: T0 }]);
  });

  test('an IBAN with spaces in a later text change, which names only a node id', () => {
    const events = [{ type: 3, data: { source: 0, texts: [{ id: 9, value: 'IBAN DE89 3704 0044 0532 0130 00' }], attributes: [], removes: [], adds: [] }, timestamp: T0 + 5 }];
    const r = scrub(events);
    assert.deepEqual(r.events, masked(events, 'DE89 3704 0044 0532 0130 00'));
    assert.deepEqual(r.catches, [{ kind: 'iban', element: '', field: 'text', ts: T0 + 5 }]);
  });

  test('a phone number in an input event and in a changed attribute', () => {
    const events = [
      { type: 3, data: { source: 5, text: '+49 30 1234567', isChecked: false, id: 12 }, timestamp: T0 + 1 },
      { type: 3, data: { source: 0, texts: [], attributes: [{ id: 40, attributes: { 'aria-label': 'Call 030 1234 5678' } }], removes: [], adds: [] }, timestamp: T0 + 2 },
    ];
    const r = scrub(events);
    assert.deepEqual(r.events, masked(events, '+49 30 1234567', '030 1234 5678'));
    assert.deepEqual(r.catches.map((c) => [c.kind, c.element, c.field, c.ts]), [['phone', '', 'input', T0 + 1], ['phone', '', 'aria-label', T0 + 2]]);
  });

  test('an added node carries its own element', () => {
    const events = [{ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 2, nextId: null, node: el('span', { class: 'user' }, [txt('bob@example.com', 8)], 7) }] }, timestamp: T0 }];
    assert.deepEqual(scrub(events).catches, [{ kind: 'email', element: 'span.user', field: 'text', ts: T0 }]);
  });

  test('escaped quotes, newlines and non-ASCII text around it stay intact', () => {
    const text = 'Grüße, er schrieb: "mail bob@example.com"\n\tdanke ✓';
    const events = [snapshot([el('p', {}, [txt(text, 4)], 3)])];
    const r = scrub(events);
    assert.deepEqual(r.events, masked(events, 'bob@example.com'));
    assert.equal(r.catches.length, 1);
  });

  test('an id or class that is itself personal is not used to name the element', () => {
    const events = [snapshot([el('div', { id: 'bob@example.com' }, [txt('4111 1111 1111 1111', 4)], 3)])];
    const r = scrub(events);
    assert.deepEqual(r.catches.map((c) => c.element), ['div', 'div']);
    assert.deepEqual(r.events, masked(events, 'bob@example.com', '4111 1111 1111 1111'));
  });
});

describe('rrweb structure is never changed', () => {
  test('node ids, timestamps and coordinates that pass Luhn stay as they are', () => {
    const events = [
      { type: 3, data: { source: 2, type: 2, id: LUHN_VALID, x: LUHN_VALID, y: 4 }, timestamp: LUHN_VALID },
      { type: 3, data: { source: 1, positions: [{ x: 5555555555554444, y: 1, id: LUHN_VALID, timeOffset: -5 }] }, timestamp: T0 },
    ];
    assert.deepEqual(scrub(events), { text: null, catches: [], events: null });
  });

  test('keys, tag names, the page URL and custom event names are not page text', () => {
    const events = [
      { type: 4, data: { href: 'https://shop.example/u/bob@example.com', width: 1280, height: 720 }, timestamp: T0 },
      { type: 5, data: { tag: 'bob@example.com', payload: { phone: '+49 30 1234567' } }, timestamp: T0 },
    ];
    assert.equal(scrub(events).text, null);
  });

  test('stylesheets, inline styles, SVG paths and data URLs are left alone', () => {
    const events = [snapshot([
      el('style', {}, [txt('@media (max-width: 600px) { a { margin: 0 0 1px } }', 4, { isStyle: true })], 3),
      el('link', { rel: 'stylesheet', _cssText: '@import url(x.css); .a { color: #4111111111111111 }' }, [], 5),
      el('img', { src: 'data:image/png;base64,AB12+49/30/1234567/DE89370400440532013000', style: 'top: 0 0 1234 5678' }, [], 6),
      el('path', { d: 'M 030 1234 5678 L 1 2' }, [], 7),
    ])];
    assert.equal(scrub(events).text, null);
  });

  test('a chunk without personal data is handed back untouched (no copy)', () => {
    assert.deepEqual(scrub([snapshot([el('p', { class: 'row-12 3f4a5b' }, [txt('Order 0012345678, 3 items, 10115 Berlin', 4)], 3)])]), { text: null, catches: [], events: null });
  });
});

describe('a part of an oversized event', () => {
  test('values wholly inside it are scanned; the value cut at its end is not judged', () => {
    const whole = JSON.stringify(snapshot([el('p', {}, [txt('bob@example.com', 4), txt('alice@example.com and more', 5)], 3)]));
    const part = whole.slice(0, whole.indexOf('alice@') + 3);
    const r = scrubRecordedText(Buffer.from(part));
    assert.equal(r.text?.toString(), part.replace('bob@example.com', maskText('bob@example.com')));
    assert.deepEqual(r.catches.map((c) => c.kind), ['email']);
  });
});

describe('the look before any string is made', () => {
  test('a chunk of mouse moves and scrolls holds no page text', () => {
    const events = [{ type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: LUHN_VALID, timeOffset: 0 }] }, timestamp: T0 }, { type: 3, data: { source: 3, id: 1, x: 0, y: 300 }, timestamp: T0 }];
    assert.equal(mayHoldPageText(Buffer.from(JSON.stringify(events))), false);
  });
  test('text nodes, attributes, text changes and input values are page text', () => {
    for (const e of [txt('x', 1), { attributes: {} }, { texts: [{ id: 1, value: 'x' }] }, { source: 5, text: 'x' }]) {
      assert.equal(mayHoldPageText(Buffer.from(JSON.stringify([e]))), true, JSON.stringify(e));
    }
  });
});

describe('a large chunk, read in windows of whole events', () => {
  test('personal data after non-ASCII text deep in a 400 KB snapshot is masked, and the next chunk reads clean', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => el('li', { class: 'row' }, [txt(`Größe ${i} · ✓ ********`, 10 + i)], 5000 + i));
    const events = [snapshot([el('ul', {}, rows, 4), el('p', { class: 'contact' }, [txt('Schreib an jürgen@example.com', 9000)], 8999)])];
    const json = Buffer.from(JSON.stringify(events));
    assert.ok(json.length > 300_000 && json.length < 1_000_000);
    const r = scrubRecordedText(json);
    assert.deepEqual(JSON.parse(r.text!.toString('utf8')), masked(events, 'jürgen@example.com'.slice(2)));
    assert.deepEqual(r.catches.map((c) => [c.kind, c.element]), [['email', 'p.contact']]);
    const smaller = Buffer.from(JSON.stringify([snapshot([el('p', {}, [txt('nothing here', 5)], 4)])]));
    assert.equal(scrubRecordedText(Buffer.concat([smaller, Buffer.alloc(200_000, 0x20)])).text, null);
  });
});

describe('windows of whole events', () => {
  const changes = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 3, data: { source: 0, texts: [], attributes: [{ id: i, attributes: { class: `row-${i % 13} a1b2c3` } }] }, timestamp: T0 + i }));
  test('a catch in a later window, after an escaped quote, is masked at its byte offset', () => {
    const events = [...changes(3000), { type: 3, data: { source: 0, texts: [{ id: 1, value: 'Grüße, "mail bob@example.com"' }] }, timestamp: T0 + 5 }, ...changes(10)];
    const json = Buffer.from(JSON.stringify(events));
    assert.ok(json.length > 3 * 64 * 1024);
    const r = scrubRecordedText(json);
    assert.deepEqual(JSON.parse(r.text!.toString('utf8')), masked(events, 'bob@example.com'));
    assert.deepEqual(r.catches, [{ kind: 'email', element: '', field: 'text', ts: T0 + 5 }]);
  });
  test('a large text without personal data comes back untouched', () => {
    assert.equal(scrubRecordedText(Buffer.from(JSON.stringify(changes(3000)))).text, null);
  });
});
