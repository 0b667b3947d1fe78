import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './chat-request.js';

const user = (content: unknown) => ({ role: 'user', content });
const carrier = (extra: unknown) => ({ role: 'system', content: JSON.stringify({ cmw_extra_body: extra }) });

describe('parseChatRequest', () => {
  it('takes the last user message as the question and the earlier user/assistant turns as history', () => {
    const r = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'assistant', content: 'Hello! How can I help?' },
        user('first'),
        { role: 'assistant', content: [{ type: 'text', text: 'answer one' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function' }] },
        { role: 'tool', content: 'client tool result', tool_call_id: 'c' },
        user('second'),
        user([
          { type: 'text', text: 'third' },
          { type: 'image_url', image_url: { url: 'data:' } },
          { type: 'text', text: 'part two' },
        ]),
      ],
    });
    expect(r.question).toBe('third\npart two');
    expect(r.sessionId).toBeUndefined();
    expect(r.history).toEqual([
      [{ role: 'assistant', content: 'Hello! How can I help?' }],
      [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer one' },
      ],
      [{ role: 'user', content: 'second' }],
    ]);
    expect(r).toMatchObject({ model: 'm', stream: false, includeUsage: false, credentials: {} });
  });

  it('reads the session and credentials from cmw_extra_body carriers; later ones win field by field', () => {
    const r = parseChatRequest({
      messages: [
        carrier({
          session_id: ' s1 ',
          cmw_base_url: ' https://a.example ',
          cmw_login: 'bob',
          cmw_password: ' pw ',
        }),
        {
          role: 'developer',
          content: `Settings: ${JSON.stringify({ cmw_extra_body: { cmw_login: 'alice' } })}`,
        },
        user('q'),
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(r.sessionId).toBe('s1');
    expect(r.credentials).toEqual({ baseUrl: 'https://a.example', username: 'alice', password: ' pw ' });
    expect(r.history).toBeUndefined();
    expect(r).toMatchObject({ stream: true, includeUsage: true });
  });

  it('lets a carrier override the top-level cmw_extra_body, which beats metadata.session_id', () => {
    expect(
      parseChatRequest({ messages: [user('q')], metadata: { session_id: 'meta' }, cmw_extra_body: {} })
        .sessionId,
    ).toBe('meta');
    expect(
      parseChatRequest({
        messages: [user('q')],
        metadata: { session_id: 'meta' },
        cmw_extra_body: { session_id: 'top' },
      }).sessionId,
    ).toBe('top');
    expect(
      parseChatRequest({
        messages: [carrier({ session_id: 'carried' }), user('q')],
        cmw_extra_body: { session_id: 'top', cmw_login: 'x' },
      }),
    ).toMatchObject({ sessionId: 'carried', credentials: { username: 'x' } });
  });

  it('ignores `user` (an end-user id, not a conversation) and system text that is not a carrier', () => {
    const r = parseChatRequest({
      user: 'user-123',
      messages: [{ role: 'system', content: 'You are {helpful}.' }, user('q')],
    });
    expect(r.sessionId).toBeUndefined();
    expect(r.history).toEqual([]);
  });

  it('include_usage only counts for streams', () => {
    expect(
      parseChatRequest({ messages: [user('q')], stream_options: { include_usage: true } }).includeUsage,
    ).toBe(false);
  });

  it.each([null, [1], 'text'])('rejects a body that is not an object: %j', (body) => {
    expect(() => parseChatRequest(body)).toThrow(/must be a JSON object/);
  });

  it.each([
    [{ messages: [user('q')], metadata: { session_id: 'x'.repeat(257) } }, 'metadata.session_id'],
    [{ messages: [carrier({ session_id: 5 }), user('q')] }, 'messages[0].content'],
    [{ messages: [user([{ text: 'no type' }])] }, 'messages[0].content'],
  ])('rejects %j naming %s', (body, param) => {
    expect(() => parseChatRequest(body)).toThrow(expect.objectContaining({ code: 'INVALID_BODY', param }));
  });
});
