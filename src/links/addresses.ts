// Which IP addresses the link checker may connect to. An initiative's URL is typed by an outside
// organisation, so a check must not become a way to reach the portal's own network (SSRF, OWASP ASVS
// 1.3.6 / 5.2.6): loopback, private, link-local, carrier-grade NAT, multicast and reserved addresses are
// refused, in their IPv4, IPv6 and IPv4-in-IPv6 spellings.
import { isIPv4, isIPv6 } from 'node:net';

// [network, prefix length]. Documentation and benchmarking ranges are listed too: nothing public lives
// there, but test or lab networks (this very container's eth0 is 192.0.2.0/24) do.
const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  // 240/4 is reserved, and holds the broadcast address 255.255.255.255.
  ['240.0.0.0', 4],
];

function v4ToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  return (((p[0]! << 24) >>> 0) + (p[1]! << 16) + (p[2]! << 8) + p[3]!) >>> 0;
}

const BLOCKED_V4_RANGES = BLOCKED_V4.map(([net, len]) => {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return { base: (v4ToInt(net) & mask) >>> 0, mask };
});

function isBlockedV4Int(n: number): boolean {
  return BLOCKED_V4_RANGES.some((r) => ((n & r.mask) >>> 0) === r.base);
}

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted quad included). */
function v6Groups(ip: string): number[] {
  let s = ip;
  const tail: number[] = [];
  const dotted = s.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    tail.push(n >>> 16, n & 0xffff);
    s = s.slice(0, -dotted[1]!.length);
    // "::1.2.3.4" leaves "::", "::ffff:1.2.3.4" leaves "::ffff:".
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = parse(head!);
  const right = rest === undefined ? [] : parse(rest);
  const fill = 8 - tail.length - left.length - right.length;
  return [...left, ...new Array<number>(rest === undefined ? 0 : fill).fill(0), ...right, ...tail];
}

/**
 * True when the checker must not connect to this address. Anything that is not a valid IP address is
 * refused too: callers pass resolver output or a URL's literal host, never a name.
 */
export function isPrivateAddress(address: string): boolean {
  // A zone index ("fe80::1%eth0") only names the interface; the address is what matters.
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(ip)) return isBlockedV4Int(v4ToInt(ip));
  if (!isIPv6(ip)) return true;
  const g = v6Groups(ip);
  const embedded = (hi: number, lo: number) => (((hi << 16) >>> 0) + lo) >>> 0;
  // ::ffff:a.b.c.d (IPv4-mapped): the kernel connects to a.b.c.d itself.
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return isBlockedV4Int(embedded(g[6]!, g[7]!));
  // ::/96 holds the unspecified address, ::1 and the deprecated IPv4-compatible form: none is a web server.
  if (g.slice(0, 6).every((x) => x === 0)) return true;
  // 64:ff9b::/96, NAT64: reaches the embedded IPv4 address through the gateway (IPv6-only networks use
  // it for every IPv4 site, so only the embedded address decides).
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return isBlockedV4Int(embedded(g[6]!, g[7]!));
  // 2002::/16, 6to4: the embedded IPv4 address is where the tunnel ends.
  if (g[0] === 0x2002) return isBlockedV4Int(embedded(g[1]!, g[2]!));
  // 2001::/32, Teredo: the client's IPv4 address is stored inverted in the last 32 bits.
  if (g[0] === 0x2001 && g[1] === 0) return isBlockedV4Int(~embedded(g[6]!, g[7]!) >>> 0);
  // 2001:db8::/32 is for documentation only.
  if (g[0] === 0x2001 && g[1] === 0xdb8) return true;
  // Only 2000::/3 is global unicast; everything else (fc00::/7 unique-local, fe80::/10 link-local,
  // fec0::/10 site-local, ff00::/8 multicast, 100::/64 discard, 64:ff9b:1::/48 local NAT64…) is refused.
  return ((g[0] ?? 0) & 0xe000) !== 0x2000;
}
