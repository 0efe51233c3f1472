// Where the server itself may connect: the address classes, the allow-list's exact
// origins, and name resolution that refuses a name with any inside address.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressAllowed, classifyAddress } from '../../server/egress/address-policy.ts';
import { allowList } from '../../server/egress/allow-list.ts';
import { EgressRefused, resolveTarget } from '../../server/egress/resolve-target.ts';

test('loopback, private, link-local, CGNAT, multicast and metadata addresses are inside, in every IPv6 spelling', () => {
  const inside = ['127.0.0.1', '127.9.9.9', '0.0.0.0', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.1.1', '224.0.0.1', '255.255.255.255',
    '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:a00:1', '64:ff9b::a00:1', '2002:c0a8:101::1', '::127.0.0.1'];
  for (const ip of inside) assert.equal(classifyAddress(ip), 'inside', ip);
  for (const ip of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe']) assert.equal(classifyAddress(ip), 'metadata', ip);
  for (const ip of ['8.8.8.8', '93.184.216.34', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808']) assert.equal(classifyAddress(ip), 'public', ip);
  assert.equal(addressAllowed('10.0.0.1', true), true, 'inside allowed when the operator says so');
  assert.equal(addressAllowed('169.254.169.254', true), false, 'metadata never');
  assert.equal(addressAllowed('not-an-ip', true), false);
});

test('the allow-list matches exact origins; only this server and origins naming an inside address may be inside', () => {
  const list = allowList({ own: ['http://127.0.0.1:8080', 'https://einblick.corp.example'], sites: ['http://localhost:3000', 'https://shop.example', 'http://10.0.0.7'] });
  assert.equal(list.forUrl(new URL('http://127.0.0.1:8080/demo'))?.insideAllowed, true);
  assert.equal(list.forUrl(new URL('https://einblick.corp.example/x'))?.insideAllowed, true, 'this server, wherever its name resolves');
  assert.equal(list.forUrl(new URL('http://localhost:3000/'))?.insideAllowed, true, 'a site registered as localhost');
  assert.equal(list.forUrl(new URL('http://10.0.0.7/'))?.insideAllowed, true, 'a site registered by its private IP');
  assert.equal(list.forUrl(new URL('https://shop.example/'))?.insideAllowed, false, 'a site by DNS name must resolve to public addresses');
  assert.equal(list.forUrl(new URL('wss://shop.example/socket'))?.origin, 'https://shop.example', 'its WebSockets are the same server');
  for (const other of ['http://127.0.0.1:8081/', 'http://localhost:8080/', 'http://shop.example/', 'https://shop.example:8443/', 'ftp://shop.example/', 'file:///etc/passwd']) {
    assert.equal(list.forUrl(new URL(other)), null, other);
  }
  assert.equal(list.forAuthority('shop.example', 443)?.origin, 'https://shop.example');
  assert.equal(list.forAuthority('127.0.0.1', 8080)?.origin, 'http://127.0.0.1:8080');
  assert.equal(list.forAuthority('127.0.0.1', 22), null);
  assert.equal(allowList({ own: [], sites: ['https://shop.example'], privateSites: true }).forUrl(new URL('https://shop.example/'))?.insideAllowed, true, 'the operator allowed intranet sites');
});

test('a name is refused when any address it resolves to is inside; literals are checked as they are', async () => {
  await assert.rejects(resolveTarget('localhost', false), (err: unknown) => err instanceof EgressRefused && /loopback/.test(err.reason));
  await assert.rejects(resolveTarget('[::1]', false), EgressRefused);
  await assert.rejects(resolveTarget('169.254.169.254', true), (err: unknown) => err instanceof EgressRefused && /metadata/.test(err.reason));
  assert.deepEqual(await resolveTarget('localhost', true).then((r) => classifyAddress(r.address)), 'inside');
  assert.deepEqual(await resolveTarget('8.8.8.8', false), { address: '8.8.8.8', family: 4 });
  await assert.rejects(resolveTarget('no-such-host.invalid', false), (err: unknown) => err instanceof EgressRefused && /does not resolve/.test(err.reason));
});
