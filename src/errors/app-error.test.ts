import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from './app-error.js';

describe('AppError', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(doc, code).toContain(`\`${code}\``);
  });

  it('answers with the status and retryability docs/errors.md gives each code', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` +\| +(\d{3}|\(event\)) +\| +(yes|no) +\|/gm)];
    expect(rows.length).toBe(Object.keys(ERROR_CODES).length);
    for (const [, code, status, retry] of rows) {
      const e = new AppError(code as ErrorCode, 'm');
      // "(event)" codes arrive in a stream after a 200; their status is used by the OpenAI surface only.
      if (status !== '(event)') expect(e.status, code).toBe(Number(status));
      expect(e.isRetryable, code).toBe(retry === 'yes');
    }
  });

  it('takes its status and retryability from the code', () => {
    for (const [code, spec] of Object.entries(ERROR_CODES)) {
      const e = new AppError(code as ErrorCode, 'm');
      expect(e.status).toBe(spec.status);
      expect(e.isRetryable).toBe(spec.retryable);
      expect(e.toJSON()).toEqual({ error: { code, message: 'm' } });
    }
  });
});
