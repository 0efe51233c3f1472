// Only the visitor's own browser may revoke: its visitor id is derived from a secret key
// the browser made at consent (recorder/identity.ts), and a revoke must carry that key.
// The server keeps nothing of the key: the id itself is the check. The id is what
// researchers see; reversing SHA-256 to the 128-bit key it came from is not feasible.
import { createHash, timingSafeEqual } from 'node:crypto';

/** The first 22 characters (132 bits) of base64url(SHA-256(key)), as the recorder derives it. */
export const visitorIdOfKey = (key: string): string => createHash('sha256').update(key, 'latin1').digest('base64url').slice(0, 22);

export function provesVisitor(key: string, visitor: string): boolean {
  const derived = Buffer.from(visitorIdOfKey(key));
  const claimed = Buffer.from(visitor);
  return derived.length === claimed.length && timingSafeEqual(derived, claimed);
}
