// What recorder/build/rrweb-unused.mjs adds to rrweb's record (the "storm release" patch).
// Optional on purpose: a bundle built without the patches (docs/upgrading-rrweb.md) must
// degrade, never throw into the host page.
import { record } from '@rrweb/record';

export interface PatchedRecord {
  /** Lets mutations held by freezePage go now, without waiting for a user event. */
  unfreezePage?(): void;
  /** Serializes and emits, in this task, whatever is pending: sliced bursts and held mutations. */
  finishMutations?(): void;
}

export const patchedRecord: typeof record & PatchedRecord = record;
