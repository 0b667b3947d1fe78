import { describe, expect, it } from 'vitest';
import { randomRunId } from './random-id.js';

describe('randomRunId', () => {
  it('gives 32 hex digits, never the same twice, across refills of its pool', () => {
    const ids = Array.from({ length: 1000 }, () => randomRunId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Bytes are not reused: no two ids share their first eight bytes either.
    expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(ids.length);
  });
});
