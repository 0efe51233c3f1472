// A visitor as the recorder makes one: a secret key and the id derived from it.
import { randomBytes } from 'node:crypto';
import { visitorIdOfKey } from '../../server/ingest/visitor-proof.ts';

export function provenVisitor(): { visitor: string; proof: string } {
  const proof = randomBytes(16).toString('base64url');
  return { visitor: visitorIdOfKey(proof), proof };
}
