import { describe, expect, it } from 'vitest';
import { declinedResult, needsApproval } from './approval-gate.js';

const tool = (destructive: boolean, readOnly: boolean) => ({
  group: 'attributes' as const,
  destructive,
  readOnly,
});

describe('needsApproval', () => {
  it('holds destructive calls by default, every write with `writes`, nothing with `none`', () => {
    expect(needsApproval('destructive', tool(true, false))).toBe(true);
    expect(needsApproval('destructive', tool(false, false))).toBe(false);
    expect(needsApproval('writes', tool(false, false))).toBe(true);
    expect(needsApproval('writes', tool(false, true))).toBe(false);
    expect(needsApproval('none', tool(true, false))).toBe(false);
    expect(needsApproval('destructive', undefined)).toBe(false);
  });
});

describe('declinedResult', () => {
  it('tells the model it was declined (with why), or that it must ask first', () => {
    expect(declinedResult({ approved: false, reason: 'not now' })).toMatchObject({
      success: false,
      status: 'declined',
      error: expect.stringMatching(/declined this action: not now/),
    });
    expect(declinedResult({ approved: false, deferred: true })).toMatchObject({
      status: 'needs_confirmation',
    });
  });
});
