import { describe, expect, it } from 'vitest';
import { parseQueueJoin } from './queue-join-body.js';

const refusal = (body: unknown) => {
  const result = parseQueueJoin(body);
  if (result.ok) throw new Error('expected a refusal');
  return {
    status: result.refusal.status,
    code: result.refusal.error.code,
    message: result.refusal.error.message,
  };
};

describe('parseQueueJoin', () => {
  it('reads the endpoint, the session and the inputs', () => {
    const result = parseQueueJoin({
      data: ['hi', ' bob ', 'pw', 'http://x', ''],
      fn_index: 1,
      session_hash: 'abc123',
      event_data: null,
      trigger_id: null,
    });
    expect(result).toEqual({
      ok: true,
      join: {
        endpoint: expect.objectContaining({ apiName: 'ask_stream', fnIndex: 1 }),
        sessionHash: 'abc123',
        input: {
          question: 'hi',
          credentials: { username: 'bob', password: 'pw', baseUrl: 'http://x' },
          sessionId: 'abc123',
        },
      },
    });
  });

  it('lets an explicit session_id input win over the session hash', () => {
    const result = parseQueueJoin({ data: ['hi', '', '', '', 'conv-1'], fn_index: 0, session_hash: 'sh' });
    expect(result.ok && result.join.input.sessionId).toBe('conv-1');
    expect(result.ok && result.join.sessionHash).toBe('sh');
  });

  it('refuses like Gradio does', () => {
    expect(refusal({ data: ['q'], fn_index: 0 })).toMatchObject({
      status: 400,
      message: 'Session hash not found.',
    });
    expect(refusal({ data: ['q'], session_hash: 's' })).toMatchObject({
      status: 400,
      message: 'No function index provided.',
    });
    expect(refusal({ data: 'q', fn_index: 0, session_hash: 's' })).toMatchObject({
      status: 422,
      message: expect.stringMatching(/data must be an array/),
    });
    expect(refusal({ data: ['q', 5], fn_index: 0, session_hash: 's' })).toMatchObject({
      status: 422,
      message: 'data[1] must be a string',
    });
    expect(refusal([1])).toMatchObject({ status: 422, code: 'INVALID_BODY' });
  });

  it('answers an unknown fn_index with a 404 naming the endpoints', () => {
    for (const fnIndex of [7, -1, 'ask', 1.5])
      expect(refusal({ data: ['q'], fn_index: fnIndex, session_hash: 's' })).toMatchObject({
        status: 404,
        code: 'UNKNOWN_API',
        message: expect.stringContaining('0 (/ask) and 1 (/ask_stream)'),
      });
  });
});
