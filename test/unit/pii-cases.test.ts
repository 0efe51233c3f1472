// Both lines of masking against one table (test/fixtures/personal-data-cases.ts): the
// browser's scrub, which runs on every text before it is queued, and the server's scan
// of a recorded chunk. They share one implementation; this keeps them agreeing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync, gzipSync } from 'node:zlib';
import { PERSONAL_DATA_CASES, maskedText } from '../fixtures/personal-data-cases.ts';
import { looksPersonal, maskText, scrubPersonalData } from '../../recorder/privacy.ts';
import { findPersonalData } from '../../contract/personal-data.ts';
import { scanChunk } from '../../server/pii/scan-chunk.ts';

const T0 = 1_700_000_000_000;
// The text as a text node added to the page, in rrweb's incremental snapshot.
const chunkWith = (text: string) =>
  JSON.stringify([
    { type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [{ parentId: 1, nextId: null, node: { type: 3, textContent: text, id: 9 } }] }, timestamp: T0 },
  ]);

describe('the detectors find each piece, with its kind', () => {
  for (const c of PERSONAL_DATA_CASES) {
    test(c.name, () => {
      assert.deepEqual(findPersonalData(c.text).map((f) => [f.kind, c.text.slice(f.start, f.end)]), c.personal);
    });
  }
});

// The same spans on both sides; the browser masks page text with width-keeping stand-ins.
describe('the browser masks exactly these', () => {
  for (const c of PERSONAL_DATA_CASES) {
    test(c.name, () => {
      assert.equal(scrubPersonalData(c.text), maskedText(c, maskText));
      assert.equal(looksPersonal(c.text), c.personal.length > 0);
    });
  }
});

describe('the server scan of a recorded chunk masks exactly these', () => {
  for (const c of PERSONAL_DATA_CASES) {
    test(c.name, () => {
      const reply = scanChunk({ id: 1, data: gzipSync(chunkWith(c.text)), limit: 1 << 20 });
      if (!c.personal.length) return assert.equal(reply.outcome, 'clean');
      assert.equal(reply.outcome, 'scrubbed');
      if (reply.outcome !== 'scrubbed') return;
      assert.equal(gunzipSync(reply.data).toString(), chunkWith(maskedText(c)));
      assert.deepEqual(reply.catches.map((k) => k.kind), c.personal.map(([kind]) => kind));
    });
  }
});
