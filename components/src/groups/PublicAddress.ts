import { BlockList, isIP } from 'node:net';

/**
 * Which IP addresses the server may connect to on behalf of a user (external group documents): only
 * globally routable unicast addresses. Everything a request forged through an ACL could use to reach the
 * server itself or the operator's network is refused: loopback, private and shared (CGNAT) ranges,
 * link-local (cloud metadata at 169.254.169.254), multicast, reserved and documentation ranges.
 *
 * IPv4 is checked against a list of special-purpose ranges (RFC 6890 and successors); IPv6 must be
 * global unicast (2000::/3) outside the special-purpose blocks in it, which also refuses IPv4-mapped
 * (`::ffff:10.0.0.1`), NAT64, ULA (fc00::/7), link-local (fe80::/10), multicast (ff00::/8), `::1` and `::`.
 */
const DENIED_V4: [string, number][] = [
  [ '0.0.0.0', 8 ], // "this network", includes 0.0.0.0
  [ '10.0.0.0', 8 ], // private
  [ '100.64.0.0', 10 ], // shared address space (CGNAT)
  [ '127.0.0.0', 8 ], // loopback
  [ '169.254.0.0', 16 ], // link-local, cloud metadata
  [ '172.16.0.0', 12 ], // private
  [ '192.0.0.0', 24 ], // IETF protocol assignments
  [ '192.0.2.0', 24 ], // documentation
  [ '192.88.99.0', 24 ], // 6to4 relay anycast
  [ '192.168.0.0', 16 ], // private
  [ '198.18.0.0', 15 ], // benchmarking
  [ '198.51.100.0', 24 ], // documentation
  [ '203.0.113.0', 24 ], // documentation
  [ '224.0.0.0', 4 ], // multicast
  [ '240.0.0.0', 4 ], // reserved, includes 255.255.255.255
];

const DENIED_V6_IN_GLOBAL: [string, number][] = [
  [ '2001::', 23 ], // IETF protocol assignments (Teredo, ORCHID, benchmarking …)
  [ '2001:db8::', 32 ], // documentation
  [ '2002::', 16 ], // 6to4, embeds an IPv4 address
  [ '3fff::', 20 ], // documentation
];

const denied = new BlockList();
for (const [ network, prefix ] of DENIED_V4) {
  denied.addSubnet(network, prefix, 'ipv4');
}
for (const [ network, prefix ] of DENIED_V6_IN_GLOBAL) {
  denied.addSubnet(network, prefix, 'ipv6');
}
const globalUnicastV6 = new BlockList();
globalUnicastV6.addSubnet('2000::', 3, 'ipv6');

/** Whether `address` (a literal IPv4 or IPv6 address) is a public unicast address; `false` for anything else. */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (bare.includes('%')) {
    // A zone index (fe80::1%eth0) only makes sense for link-local addresses.
    return false;
  }
  switch (isIP(bare)) {
    case 4:
      return !denied.check(bare, 'ipv4');
    case 6:
      return globalUnicastV6.check(bare, 'ipv6') && !denied.check(bare, 'ipv6');
    default:
      return false;
  }
}
