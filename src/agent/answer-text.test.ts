import { describe, expect, it } from 'vitest';
import { AnswerText } from './answer-text.js';

describe('AnswerText', () => {
  it('joins pieces of one step and separates steps with one blank line', () => {
    const a = new AnswerText();
    a.add(1, 'Let me ');
    a.add(1, 'look.\n');
    a.add(2, '\nThere are ');
    a.add(2, '2 apps.');
    expect(a.value).toBe('Let me look.\n\nThere are 2 apps.');
  });

  it('adds no separator before the first text, even in a later step', () => {
    const a = new AnswerText();
    a.add(3, 'Hello');
    expect(a.value).toBe('Hello');
  });

  it('ignores empty pieces', () => {
    const a = new AnswerText();
    expect(a.add(1, '')).toBe(false);
    expect(a.value).toBe('');
  });
});
