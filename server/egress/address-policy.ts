// Which IP addresses the server itself may connect to on behalf of a recorded page,
// a previewed site or a webhook. Anything that reaches "inside" — this host, the
// private network, link-local (the cloud metadata service lives there), CGNAT,
// multicast, reserved — is refused, in every spelling (IPv4-mapped, IPv4-compatible,
// NAT64 and 6to4 IPv6 forms carry an IPv4 address that is checked as such).
import { BlockList, isIP, isIPv4 } from 'node:net';

const INSIDE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const) INSIDE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 96], // unspecified, loopback and IPv4-compatible forms
  ['fc00::', 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
] as const) INSIDE.addSubnet(net, bits, 'ipv6');

/** Refused even when private targets are allowed (intranets, tests): cloud metadata. */
const METADATA = new BlockList();
METADATA.addAddress('169.254.169.254', 'ipv4');
METADATA.addAddress('169.254.170.2', 'ipv4'); // ECS task metadata
METADATA.addAddress('fd00:ec2::254', 'ipv6');

/** The 16 bytes of an IPv6 address (given isIP() === 6). */
function ipv6Bytes(ip: string): number[] {
  // A trailing dotted quad (::ffff:127.0.0.1) becomes its two hex groups first.
  const text = ip.split('%')[0]!.toLowerCase().replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`);
  const groups = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, rest] = text.includes('::') ? (text.split('::') as [string, string]) : [text, ''];
  const h = groups(head);
  const r = groups(rest);
  const words = [...h, ...Array<number>(8 - h.length - r.length).fill(0), ...r];
  return words.flatMap((w) => [w >> 8, w & 255]);
}

/** The IPv4 address an IPv6 one carries (mapped, NAT64, 6to4), or null. */
function embeddedIPv4(ip: string): string | null {
  const b = ipv6Bytes(ip);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return b.slice(12).join('.'); // ::ffff:a.b.c.d
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) return b.slice(12).join('.'); // 64:ff9b::/96 and 64:ff9b:1::/48
  if (b[0] === 0x20 && b[1] === 0x02) return b.slice(2, 6).join('.'); // 2002::/16
  return null;
}

export type AddressVerdict = 'public' | 'inside' | 'metadata' | 'invalid';

/** What kind of address `ip` is, for the server's outgoing connections. */
export function classifyAddress(ip: string): AddressVerdict {
  const family = isIP(ip);
  if (family === 0) return 'invalid';
  if (family === 6) {
    const v4 = embeddedIPv4(ip);
    if (v4 !== null && isIPv4(v4)) return classifyAddress(v4);
    if (METADATA.check(ip, 'ipv6')) return 'metadata';
    return INSIDE.check(ip, 'ipv6') ? 'inside' : 'public';
  }
  if (METADATA.check(ip, 'ipv4')) return 'metadata';
  return INSIDE.check(ip, 'ipv4') ? 'inside' : 'public';
}

/** May the server connect to `ip`? `insideAllowed`: loopback and private ranges too (never metadata). */
export function addressAllowed(ip: string, insideAllowed: boolean): boolean {
  const verdict = classifyAddress(ip);
  return verdict === 'public' || (verdict === 'inside' && insideAllowed);
}
