import { describe, expect, it } from 'vitest';
import { connectionKey } from './connection-limits.js';

describe('connectionKey', () => {
  it('counts an IPv4 address as itself, also when IPv4-mapped', () => {
    expect(connectionKey('192.0.2.7')).toBe('192.0.2.7');
    expect(connectionKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('does not count loopback', () => {
    for (const a of ['127.0.0.1', '127.8.9.10', '::ffff:127.0.0.1', '::1', '0:0:0:0:0:0:0:1', undefined])
      expect(connectionKey(a), String(a)).toBeUndefined();
  });

  it('counts IPv6 by its /64, however it is spelt', () => {
    const key = '2001:db8:0:1::/64';
    for (const a of [
      '2001:db8:0:1::1',
      '2001:db8:0:1:ffff:ffff:ffff:ffff',
      '2001:0db8:0000:0001:0:0:0:2',
      '2001:DB8:0:1::c0a8:1',
      '2001:db8:0:1::192.168.0.1',
      '2001:db8:0:1::9%eth0',
    ])
      expect(connectionKey(a), a).toBe(key);
    expect(connectionKey('2001:db8:0:2::1')).toBe('2001:db8:0:2::/64');
    expect(connectionKey('::2')).toBe('0:0:0:0::/64');
  });
});
