import { describe, expect, it } from 'vitest';
import { isBlockedHost, isBlockedIp } from './blocked-address.js';

describe('isBlockedIp', () => {
  it.each([
    '169.254.169.254',
    '169.254.0.1',
    '169.254.170.2',
    '100.100.100.200',
    'fe80::1',
    'febf:ffff::1',
    'fd00:ec2::254',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '64:ff9b::169.254.169.254',
    '[fe80::1]',
  ])('refuses %s', (ip) => expect(isBlockedIp(ip)).toBe(true));

  it.each([
    '127.0.0.1',
    '10.0.0.5',
    '192.168.1.10',
    '100.100.100.201',
    '::1',
    'fec0::1',
    'fd00:ec2::253',
    '8.8.8.8',
  ])('allows %s', (ip) => expect(isBlockedIp(ip)).toBe(false));

  it('is false for names', () => expect(isBlockedIp('example.com')).toBe(false));
});

describe('isBlockedHost', () => {
  it.each([
    'metadata',
    'metadata.google.internal',
    'METADATA.GOOGLE.INTERNAL.',
    'metadata.goog',
    'instance-data',
    '[fd00:ec2::254]',
  ])('refuses %s', (host) => expect(isBlockedHost(host)).toBe(true));

  it.each(['cmw.example.com', 'localhost', 'metadata.example.com', '127.0.0.1'])('allows %s', (host) =>
    expect(isBlockedHost(host)).toBe(false),
  );
});
