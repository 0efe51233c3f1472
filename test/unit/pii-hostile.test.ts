// Text written to cost the personal-data scan as much as possible: the work it causes
// stays linear in its size (the scan's own step count, within its budget; the
// detectors' time growing with the size, not its square), and personal data in it is
// still found. No absolute times: a busy machine must not fail these.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { findPersonalData, patternSources } from '../../contract/personal-data.ts';
import { CANDIDATE_VALUE } from '../../server/pii/first-look.ts';
import { scrubRecordedText, stepBudget } from '../../server/pii/scrub-events.ts';
import { scanChunk } from '../../server/pii/scan-chunk.ts';
import { nestsWithin } from '../../server/ingest/json-depth.ts';

// Each repeats a piece that starts (or nearly is) what a detector looks for.
const KINDS: Record<string, (n: number) => string> = {
  'a run of emails': (n) => 'a@b.cc '.repeat(n / 7),
  'emails without spaces': (n) => 'a@b.cc'.repeat(n / 6),
  'a dotted local part and domain': (n) => 'a.'.repeat(n / 4) + '@' + 'b.'.repeat(n / 4),
  'an address character run before an @': (n) => 'a'.repeat(n) + '@',
  'domains of 200 labels without a top level': (n) => ('x@' + 'b.'.repeat(200) + '1 ').repeat(n / 404),
  'digits spaced one by one': (n) => '0 1 2 3 4 5 6 7 8 9 '.repeat(n / 20),
  'phone-like pairs': (n) => '01 '.repeat(n / 3),
  'plus signs before digits': (n) => '+1 '.repeat(n / 3),
  'area codes in parentheses': (n) => '(030) '.repeat(n / 6),
  'card-like groups one digit short': (n) => '4111 1111 1111 111 '.repeat(n / 19),
  'IBAN-like groups': (n) => 'DE89 3704 0044 0532 0130 0 '.repeat(n / 27),
  'plain digits': (n) => '1'.repeat(n),
  'zeros': (n) => '0'.repeat(n),
  'dots': (n) => '.'.repeat(n),
  'digits and dots': (n) => '1.'.repeat(n / 2),
};

/** Best of five, so one pause of the machine does not decide. */
function fastest(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    run();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe('the detectors take time linear in the text', () => {
  // A backtracking engine tries each position at most once per way a bounded pattern
  // can match there: with no unbounded repetition, the work per position is bounded.
  test('every repetition in their patterns is bounded', () => {
    for (const source of [...patternSources(), CANDIDATE_VALUE.source]) {
      const quantifiers = source.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
      // The scan's first look steps lazily through one string value, which ends at its quote.
      assert.doesNotMatch(quantifiers.replace('(?:|.)*?', ''), /[+*]|\{\d+,\}/, source);
    }
  });
  for (const [name, make] of Object.entries(KINDS)) {
    test(name, () => {
      const small = make(10_000);
      const large = make(320_000);
      findPersonalData(small); // compiled before it is timed
      const ratio = fastest(() => findPersonalData(large)) / Math.max(fastest(() => findPersonalData(small)), 0.05);
      // 32 times the text: 32 times the time, up to some eight times more when the
      // collector runs over tens of thousands of findings (seen on a loaded machine);
      // quadratic work would take 1,024 times.
      assert.ok(ratio < 400, `${ratio.toFixed(1)}× the time for 32× the text`);
    });
  }
  test('and still find what is hidden among the noise', () => {
    for (const make of Object.values(KINDS)) {
      const text = `${make(20_000)} mail me: alice@example.com ${make(20_000)}`;
      assert.ok(findPersonalData(text).some((f) => text.slice(f.start, f.end) === 'alice@example.com'));
    }
  });
});

const T0 = 1_700_000_000_000;
const textEvent = (text: string, i = 0) => ({ type: 3, data: { source: 0, texts: [{ id: i, value: text }], attributes: [], removes: [], adds: [] }, timestamp: T0 + i });
const tinyEvents = (count: number, text: string) => Array.from({ length: count }, (_, i) => ({ type: 3, data: { source: 5, text, id: i }, timestamp: T0 + i }));

describe('the scan of a chunk counts its steps and stays within its budget', () => {
  const scan = (events: unknown) => {
    const json = Buffer.from(JSON.stringify(events));
    return { json, r: scrubRecordedText(json) };
  };

  for (const [name, make] of Object.entries(KINDS)) {
    test(`${name}, in one text change`, () => {
      const noise = make(200_000);
      const { json, r } = scan([textEvent(noise + ' bob@example.com')]);
      assert.ok(r.steps <= 2 * json.length, `${r.steps} steps for ${json.length} bytes`);
      // Noise that is itself personal data past 2,000 pieces is refused whole; any other keeps the email at its end caught.
      if (findPersonalData(noise).length >= 2000) assert.equal(r.overBudget, true);
      else assert.ok(!r.overBudget && r.catches.some((c) => c.kind === 'email'), 'the email at the end is still caught');
    });
  }

  test('tiny events, each with a catch: linear steps, every one masked', () => {
    for (const count of [500, 2_000]) {
      const { json, r } = scan(tinyEvents(count, 'a@b.cc'));
      assert.equal(r.overBudget, false);
      assert.equal(r.catches.length, count);
      assert.ok(r.steps <= 2 * json.length, `${r.steps} steps for ${json.length} bytes`);
      assert.ok(!r.text!.includes('a@b.cc'));
    }
  });

  test('tens of thousands of them: refused once past 2,000 catches, without reading on', () => {
    const many = scan(tinyEvents(50_000, 'a@b.cc'));
    const few = scan(tinyEvents(2_001, 'a@b.cc'));
    assert.equal(many.r.overBudget, true);
    assert.equal(few.r.overBudget, true);
    assert.ok(many.r.steps <= few.r.steps, `${many.r.steps} steps for 50,000 events, ${few.r.steps} for 2,001`);
  });

  test('one value holding thousands of emails counts each', () => {
    assert.equal(scan([textEvent('a@b.cc '.repeat(3000))]).r.overBudget, true);
    assert.equal(scan([textEvent('a@b.cc '.repeat(1000))]).r.catches.length, 1000);
  });

  test('tens of thousands of tiny values that are all candidates but no catch run out of budget, and are refused', () => {
    const json = Buffer.from(JSON.stringify(Array.from({ length: 50_000 }, (_, i) => ({ type: 3, data: { t: '+1', u: '+2' }, timestamp: i }))).replaceAll(',"timestamp"', ',"x":"+1","y":"+1","z":"+1","timestamp"'));
    const r = scrubRecordedText(json);
    assert.equal(r.overBudget, true);
    assert.ok(r.steps <= stepBudget(json.length) + 64 * 1024, 'it stopped at the budget, not after the whole text');
  });

  test('deep nesting: one step per character, the catch at the bottom still placed', () => {
    const depth = 100_000;
    const json = Buffer.from(`[{"type":3,"data":${'['.repeat(depth)}{"text":"a@b.cc"}${']'.repeat(depth)},"timestamp":${T0}}]`);
    const r = scrubRecordedText(json);
    assert.equal(r.overBudget, false);
    assert.ok(r.steps <= 2 * json.length);
    assert.deepEqual(r.catches, [{ kind: 'email', element: '', field: 'input', ts: T0 }]);
    assert.equal(nestsWithin(json, 1000), false);
    assert.equal(nestsWithin(Buffer.from('[{"a":"[[[[[[[[\\"[[["}]'), 3), true, 'brackets inside strings do not count');
  });
});

describe('a compact chunk whose blob is not an array of events is refused', () => {
  const compact = (text: string) => scanChunk({ id: 1, data: gzipSync(text), limit: 8 << 20 }).outcome;
  test('the blob of the 336-byte body: "text":"a@b.cc", repeated', () => {
    const text = '"text":"a@b.cc",'.repeat(4000);
    assert.ok(gzipSync(text, { level: 9 }).length < 336);
    assert.equal(compact(text), 'not_events');
  });
  test('the same inside the ends of an array of events: refused once read', () => {
    // Over the budget (a catch every 16 bytes) or not well-formed: refused either way.
    assert.match(compact(`[{"type":3,"data":{${'"text":"a@b.cc",'.repeat(4000)}"x":1},"timestamp":1}]`), /^(not_events|too_costly)$/);
    assert.equal(compact(`[{"type":3,"text":"a@b.cc"},"text":"a@b.cc"}]`), 'not_events');
    assert.equal(compact(`[{"type":3,"text":"a@b.cc" "x":1}]`), 'not_events');
  });
  test('an object, a string, a number, nothing', () => {
    for (const text of ['{"type":3}', '"a@b.cc"', '1', '', '[1,2]', '[{"x":1}]']) assert.equal(compact(text), 'not_events', text);
  });
  test('an empty array and real events are taken', () => {
    assert.equal(compact('[]'), 'clean');
    assert.equal(compact(JSON.stringify(tinyEvents(3, 'hello'))), 'clean');
    assert.equal(compact(JSON.stringify(tinyEvents(3, 'a@b.cc'))), 'scrubbed');
  });
});
