// The server secret keys the hashes of external ids. It lives in its own file beside
// the database (mode 0600), so a leaked or exported .db alone cannot be matched
// against a list of customer ids.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function loadOrCreateSecret(file: string): Buffer {
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (secret.length < 32) throw new Error(`${file} holds a secret shorter than 32 bytes; restore the original file.`);
    return secret;
  }
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** HMAC-SHA-256 of an external id, hex. Trimmed first: "42 " and "42" are the same customer. */
export function keyedHash(secret: Buffer, value: string): string {
  return createHmac('sha256', secret).update(value.trim()).digest('hex');
}
