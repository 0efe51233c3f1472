// Turns a host name into the one address the server will connect to, after checking
// every address the name resolves to. The caller connects to that address (never to
// the name again), so a second DNS answer (rebinding) cannot swap in an inside host.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { addressAllowed, classifyAddress } from './address-policy.ts';

export class EgressRefused extends Error {
  constructor(readonly host: string, readonly reason: string) {
    super(`${host}: ${reason}`);
    this.name = 'EgressRefused';
  }
}

/** `host` as in a URL's hostname: IPv6 literals may come in brackets. */
export async function resolveTarget(host: string, insideAllowed: boolean): Promise<{ address: string; family: 4 | 6 }> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(bare)) addresses = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch (err) {
      throw new EgressRefused(host, `does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (addresses.length === 0) throw new EgressRefused(host, 'does not resolve');
  // One inside address among public ones refuses the name: it could be chosen later.
  const refused = addresses.find((a) => !addressAllowed(a.address, insideAllowed));
  if (refused) throw new EgressRefused(host, `resolves to ${refused.address}, a ${classifyAddress(refused.address) === 'metadata' ? 'cloud metadata' : 'loopback, private or link-local'} address`);
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
