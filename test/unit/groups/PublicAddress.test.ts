// The server only connects to public addresses on behalf of an ACL: everything that reaches the server
// itself, the operator's network or cloud metadata is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicAddress } from '../../../components/dist/groups/PublicAddress.js';

describe('isPublicAddress', (): void => {
  const refused = [
    '127.0.0.1', '127.255.255.254', '0.0.0.0', '0.1.2.3', '10.0.0.1', '10.255.255.255', '172.16.0.1', '172.31.255.255',
    '192.168.1.1', '169.254.169.254', '100.64.0.1', '100.127.255.255', '224.0.0.1', '239.255.255.250',
    '255.255.255.255', '240.0.0.1', '192.0.2.10', '198.51.100.7', '203.0.113.9', '198.18.0.1', '192.0.0.8',
    '::1', '::', '[::1]', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1', 'ff05::2',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:8.8.8.8', '64:ff9b::a00:1', '2001:db8::1', '2002:a00:1::1',
    '2001::1', '100::1', 'fec0::1',
    'localhost', 'example.org', '', '1.2.3', '999.1.1.1', 'not an address',
  ];
  for (const address of refused) {
    it(`refuses ${JSON.stringify(address)}`, (): void => {
      assert.equal(isPublicAddress(address), false);
    });
  }

  const accepted = [
    '8.8.8.8', '1.1.1.1', '93.184.216.34', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1',
    '192.167.1.1', '11.0.0.1', '2a00:1450:4007:80e::200e', '2606:4700:4700::1111', '[2001:4860:4860::8888]',
  ];
  for (const address of accepted) {
    it(`accepts ${address}`, (): void => {
      assert.equal(isPublicAddress(address), true);
    });
  }
});
