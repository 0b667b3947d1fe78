import { describe, expect, it } from 'vitest';
import { parseCallBody } from './call-body.js';

const codeOf = (body: unknown) => {
  try {
    parseCallBody(body);
    return undefined;
  } catch (e) {
    return (e as { code: string; message: string }).message;
  }
};

describe('parseCallBody', () => {
  it('reads question, credentials and session', () => {
    expect(parseCallBody({ data: ['hi', ' bob ', 'pw', 'http://x', 's1'] })).toEqual({
      question: 'hi',
      credentials: { username: 'bob', password: 'pw', baseUrl: 'http://x' },
      sessionId: 's1',
    });
  });
  it('lets session_hash win over data[4]', () => {
    expect(parseCallBody({ data: ['hi', '', '', '', 'd4'], session_hash: 'sh' }).sessionId).toBe('sh');
  });
  it('has no session without either', () => {
    expect(parseCallBody({ data: ['hi'] }).sessionId).toBeUndefined();
  });
  it('reads null optional inputs as empty, as @gradio/client pads them (issue 9)', () => {
    expect(parseCallBody({ data: ['q', null, null, null, null] })).toEqual({
      question: 'q',
      credentials: {},
      sessionId: undefined,
    });
    expect(parseCallBody({ data: ['q', 'bob', null, '', 's1'] })).toMatchObject({
      credentials: { username: 'bob' },
      sessionId: 's1',
    });
  });
  it('still wants the question as a string', () => {
    expect(codeOf({ data: [null, 'bob'] })).toMatch(/data\[0\] \(the question\) must be a string/);
  });
  it('names the problem', () => {
    expect(codeOf([1])).toMatch(/JSON object/);
    expect(codeOf({})).toMatch(/data/);
    expect(codeOf({ data: 'x' })).toMatch(/data must be an array/);
    expect(codeOf({ data: ['q', 5] })).toMatch(/data\[1\] must be a string/);
    expect(codeOf({ data: [] })).toMatch(/data\[0\]/);
    expect(codeOf({ data: ['q'], session_hash: 5 })).toMatch(/session_hash/);
  });
});
