import { describe, expect, it } from 'vitest';
import { toolPreview, toolSummary } from './tool-preview.js';

describe('tool previews', () => {
  it('shows strings as they are and values as indented JSON, cut to the limit', () => {
    expect(toolPreview('plain')).toBe('plain');
    expect(toolPreview({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(toolPreview('x'.repeat(20), 5)).toBe('xxxxx…');
    expect(toolPreview(undefined)).toBe('');
  });

  it('sums a result up in one line', () => {
    expect(toolSummary([1, 2, 3, 4])).toBe('[4] 1, 2, 3…');
    expect(toolSummary({ success: false, error: 'Template not found' })).toBe('Template not found');
    expect(toolSummary({ success: true, data: [{ alias: 'HR' }, { alias: 'Fleet' }] })).toBe('[2] HR, Fleet');
    expect(toolSummary({ success: true, data: { timezone: 'UTC', unix: 1, nested: {} } })).toBe(
      'timezone: UTC · unix: 1',
    );
    expect(toolSummary('a\n  b')).toBe('a b');
  });
});
