// The recorder derives the visitor id from its key exactly as the server checks it,
// with its own SHA-256 (crypto.subtle is asynchronous and absent on plain-http pages).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sha256 } from '../../recorder/sha256.ts';
import { newId, visitorIdOfKey as recorderIdOf } from '../../recorder/identity.ts';
import { provesVisitor, visitorIdOfKey as serverIdOf } from '../../server/ingest/visitor-proof.ts';

test("the recorder's SHA-256 is SHA-256, across block boundaries", () => {
  for (let length = 0; length <= 200; length++) {
    const bytes = randomBytes(length);
    assert.equal(Buffer.from(sha256(bytes)).toString('hex'), createHash('sha256').update(bytes).digest('hex'), `${length} bytes`);
  }
});

test('the recorder and the server derive the same visitor id from a key, and only that key proves it', () => {
  for (let i = 0; i < 50; i++) {
    const key = newId();
    const id = recorderIdOf(key);
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    assert.equal(serverIdOf(key), id);
    assert.ok(provesVisitor(key, id));
    assert.ok(!provesVisitor(newId(), id));
    assert.ok(!provesVisitor(id, id), 'the id is no proof of itself');
  }
});
