import { describe, expect, it } from 'vitest';
import { endSentence } from './end-sentence.js';

describe('endSentence', () => {
  it.each([
    ['upstream overloaded', 'upstream overloaded.'],
    ['  upstream overloaded \n', 'upstream overloaded.'],
    ['model busy;', 'model busy.'],
    ['Reason:', 'Reason.'],
    ['Done.', 'Done.'],
    ['Really?', 'Really?'],
    ['Stop!', 'Stop!'],
    ['Wait…', 'Wait…'],
    ['He said "no."', 'He said "no."'],
    ['(see the docs.)', '(see the docs.)'],
    ['version 1.2', 'version 1.2.'],
    ['{"error":"bad"}', '{"error":"bad"}.'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (input, expected) => {
    expect(endSentence(input)).toBe(expected);
  });
});
