import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SecretScrubber } from './secret-scrubber.js';

const PASSWORD = 'pa"ss/w@rd+\\9';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const TOKEN = b64(`analyst:${PASSWORD}`);

const scrubber = new SecretScrubber({
  credentials: [{ login: 'analyst', password: PASSWORD }],
  secrets: ['sk-llm-key-12345', undefined, ''],
});

describe('SecretScrubber', () => {
  it.each([
    ['the password', PASSWORD],
    ['the JSON-escaped password', JSON.stringify(PASSWORD).slice(1, -1)],
    ['the URL-encoded password', encodeURIComponent(PASSWORD)],
    ['the base64 password', b64(PASSWORD)],
    ['the base64 password without padding', b64(PASSWORD).replace(/=+$/, '')],
    ['the Basic token', TOKEN],
    ['an LLM key', 'sk-llm-key-12345'],
    ['a URL with credentials', 'https://bob:hunter2@cmw.example.com'],
  ])('hides %s inside a text', (_what, form) => {
    const out = scrubber.text(`before ${form} after`);
    expect(out).not.toContain(form);
    expect(out).toMatch(/^before .*\[redacted\].* after$/);
  });

  it('hides the whole Authorization header, not just its token', () => {
    expect(scrubber.text(`authorization: Basic ${TOKEN}`)).toBe('authorization: [redacted]');
  });

  it('builds the token from the trimmed login too, as the client does', () => {
    const s = new SecretScrubber({ credentials: [{ login: ' bob ', password: 'hunter22' }] });
    expect(s.text(`x ${b64('bob:hunter22')} y`)).toBe('x [redacted] y');
  });

  it('replaces secrets anywhere in a value, keys included, and keeps the rest', () => {
    const out = scrubber.value({
      headers: { authorization: `Basic ${TOKEN}`, accept: 'application/json' },
      list: [`p=${encodeURIComponent(PASSWORD)}`, 7, null, true],
      [PASSWORD]: { b: 'https://u:p4ss@host/x' },
    });
    expect(out.value).toEqual({
      headers: { authorization: '[redacted]', accept: 'application/json' },
      list: ['p=[redacted]', 7, null, true],
      '[redacted]': { b: 'https://[redacted]@host/x' },
    });
    expect(out.text).toBe(JSON.stringify(out.value));
  });

  it('returns the same object when there is nothing to hide', () => {
    const value = { a: 'b', when: new Date(0) };
    const out = scrubber.value(value);
    expect(out.value).toBe(value);
    expect(out.text).toBe(JSON.stringify(value));
  });

  it('hides a short password only where a whole value equals it, and its Basic token everywhere', () => {
    const s = new SecretScrubber({ credentials: [{ login: 'analyst', password: 'ab' }] });
    const text = 'a table about labs and abbreviations';
    expect(s.text(text)).toBe(text);
    expect(s.text('ab')).toBe('[redacted]');
    expect(s.text(b64('ab'))).toBe('[redacted]');
    expect(s.text(`Authorization: Basic ${b64('analyst:ab')}`)).toBe('Authorization: [redacted]');
    expect(s.value({ password: 'ab', note: text }).value).toEqual({ password: '[redacted]', note: text });
  });

  it('never leaves a form of the password in the JSON of any value holding it', () => {
    const forms = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      b64(PASSWORD),
      `Basic ${TOKEN}`,
      TOKEN,
      JSON.stringify(PASSWORD).slice(1, -1),
    ];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constantFrom(...forms)), { maxLength: 6 }),
        fc.string(),
        (parts, key) => {
          const text = scrubber.value({ [key]: parts.join(''), list: parts }).text;
          for (const form of forms) expect(text).not.toContain(JSON.stringify(form).slice(1, -1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
