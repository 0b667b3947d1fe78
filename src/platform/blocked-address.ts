import { BlockList, isIP } from 'node:net';

// Addresses no platform lives at, but cloud metadata services and link-local peers do. A request that names
// one of these is an SSRF attempt (it could read instance credentials), so it is refused whatever the allowlist.
const BLOCKED_IPS = new BlockList();
// IPv4 link-local: AWS/GCP/Azure/OCI/DigitalOcean metadata at 169.254.169.254, ECS task metadata at 169.254.170.2.
BLOCKED_IPS.addSubnet('169.254.0.0', 16, 'ipv4');
// Alibaba Cloud metadata.
BLOCKED_IPS.addAddress('100.100.100.200', 'ipv4');
// IPv6 link-local.
BLOCKED_IPS.addSubnet('fe80::', 10, 'ipv6');
// AWS instance metadata over IPv6.
BLOCKED_IPS.addAddress('fd00:ec2::254', 'ipv6');
// IPv4 link-local and the Alibaba address embedded in IPv6: NAT64 (64:ff9b::/96), IPv4-compatible (::/96).
// IPv4-mapped addresses (::ffff:a.b.c.d) are matched by BlockList itself.
BLOCKED_IPS.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
BLOCKED_IPS.addAddress('64:ff9b::6464:64c8', 'ipv6');
BLOCKED_IPS.addSubnet('::a9fe:0', 112, 'ipv6');
// 6to4 (2002:AABB:CCDD::/48 embeds AA.BB.CC.DD).
BLOCKED_IPS.addSubnet('2002:a9fe::', 32, 'ipv6');

/** Host names of cloud metadata services (they resolve to blocked addresses anyway; refusing by name is faster). */
export const BLOCKED_HOSTNAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
]);

/**
 * Whether an IP address is link-local or a cloud metadata address (including IPv4 ones embedded in IPv6).
 * @param address - an IPv4 or IPv6 literal, without brackets; anything else is not blocked
 */
export function isBlockedIp(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return false;
  return BLOCKED_IPS.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Whether a host name (as in a URL) is a metadata service name or a blocked IP literal.
 * @param hostname - a URL's `hostname`: lower case, IPv6 in brackets, maybe with a trailing dot
 */
export function isBlockedHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  return BLOCKED_HOSTNAMES.has(host) || isBlockedIp(host);
}
