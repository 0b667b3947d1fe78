import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, type ErrorCode } from './app-error.js';

describe('AppError', () => {
  it('documents every code in docs/errors.md', () => {
    const doc = readFileSync('docs/errors.md', 'utf8');
    for (const code of Object.keys(ERROR_CODES)) expect(doc, code).toContain(`\`${code}\``);
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
