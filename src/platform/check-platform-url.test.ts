import { describe, expect, it } from 'vitest';
import { checkPlatformUrl, displayUrl, toBaseUrl, type UrlPolicy } from './check-platform-url.js';
import { PlatformError } from './platform-error.js';

const open: UrlPolicy = { allowedBaseUrls: [] };

function refusal(raw: string, policy: UrlPolicy = open): PlatformError {
  try {
    checkPlatformUrl(raw, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(PlatformError);
    expect((error as PlatformError).kind).toBe('refused_url');
    return error as PlatformError;
  }
  throw new Error(`${raw} was not refused`);
}

describe('checkPlatformUrl', () => {
  it('accepts http and https and drops query and fragment', () => {
    expect(toBaseUrl(checkPlatformUrl('https://cmw.example.com/', open))).toBe('https://cmw.example.com');
    expect(toBaseUrl(checkPlatformUrl('http://10.0.0.5:8080/platform/#solutions', open))).toBe(
      'http://10.0.0.5:8080/platform',
    );
  });

  it('refuses other schemes and garbage', () => {
    expect(refusal('ftp://cmw.example.com').message).toMatch(/http and https/);
    expect(refusal('file:///etc/passwd').message).toMatch(/http and https/);
    expect(refusal('not a url').message).toMatch(/not a valid/);
  });

  it('refuses credentials in the URL without echoing them', () => {
    const e = refusal('https://admin:hunter2pass@cmw.example.com');
    expect(e.message).toMatch(/user name or password/);
    expect(e.message).not.toContain('hunter2pass');
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/',
    'http://0xA9FEA9FE/',
    'http://169.254.169.254./',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]:8080/',
    'http://[::ffff:169.254.169.254]/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://metadata/',
    'http://100.100.100.200/latest/meta-data',
  ])('always refuses the metadata or link-local address %s', (raw) => {
    expect(refusal(raw).message).toMatch(/link-local or cloud metadata/);
    // Even when the allowlist names it.
    expect(refusal(raw, { allowedBaseUrls: [raw] }).message).toMatch(/link-local or cloud metadata/);
  });

  it('keeps to the allowlist when one is set', () => {
    const policy = { allowedBaseUrls: ['https://cmw.example.com', 'intranet.local:8080'] };
    expect(checkPlatformUrl('https://cmw.example.com/x', policy).origin).toBe('https://cmw.example.com');
    expect(checkPlatformUrl('http://intranet.local:8080', policy).host).toBe('intranet.local:8080');
    expect(checkPlatformUrl('https://intranet.local:8080', policy).host).toBe('intranet.local:8080');
    expect(refusal('http://cmw.example.com', policy).message).toMatch(/CMW_ALLOWED_BASE_URLS/);
    expect(refusal('https://cmw.example.com:8443', policy).message).toMatch(/allowlist/);
    expect(refusal('https://evil.example.com', policy).message).toMatch(/allowlist/);
    expect(refusal('http://intranet.local', policy).message).toMatch(/allowlist/);
  });

  it('matches an entry without a scheme on its default ports', () => {
    const policy = { allowedBaseUrls: ['cmw.example.com'] };
    expect(checkPlatformUrl('http://cmw.example.com', policy).protocol).toBe('http:');
    expect(checkPlatformUrl('https://cmw.example.com', policy).protocol).toBe('https:');
    refusal('https://cmw.example.com:444', policy);
  });

  it("always allows the server's own CMW_BASE_URL", () => {
    const policy = {
      allowedBaseUrls: ['https://other.example.com'],
      trustedBaseUrl: 'http://127.0.0.1:9000',
    };
    expect(checkPlatformUrl('http://127.0.0.1:9000/', policy).port).toBe('9000');
  });
});

describe('displayUrl', () => {
  it('strips credentials, query and fragment', () => {
    expect(displayUrl('https://u:secretpw@host/x?token=abc#y')).toBe('https://host/x');
  });
});
