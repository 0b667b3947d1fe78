import { describe, expect, it } from 'vitest';
import { diffString } from './string-diff.js';

describe('diffString', () => {
  it('appends the new tail', () => {
    expect(diffString('Hel', 'Hello')).toEqual([['append', [], 'lo']]);
    expect(diffString('', 'Hi')).toEqual([['append', [], 'Hi']]);
  });
  it('replaces when the new text does not extend the old', () => {
    expect(diffString('step one  ', 'step one\n\nTwo')).toEqual([['replace', [], 'step one\n\nTwo']]);
  });
  it('sends no edit for no change', () => {
    expect(diffString('same', 'same')).toEqual([]);
  });
});
