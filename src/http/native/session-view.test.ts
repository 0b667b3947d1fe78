import { describe, expect, it } from 'vitest';
import { toolCallsOf, turnJson } from './session-view.js';

describe('toolCallsOf', () => {
  it('pairs calls with their results in call order, errors flagged', () => {
    expect(
      toolCallsOf([
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me look.' },
            { type: 'tool-call', toolCallId: 'a', toolName: 'one', input: { x: 1 } },
            { type: 'tool-call', toolCallId: 'b', toolName: 'two', input: {} },
          ],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'b',
              toolName: 'two',
              output: { type: 'error-text', value: 'boom' },
            },
            {
              type: 'tool-result',
              toolCallId: 'a',
              toolName: 'one',
              output: { type: 'json', value: { ok: 1 } },
            },
          ],
        },
        { role: 'assistant', content: 'done' },
      ]),
    ).toEqual([
      { toolCallId: 'a', toolName: 'one', input: { x: 1 }, output: { ok: 1 }, isError: false },
      { toolCallId: 'b', toolName: 'two', input: {}, output: 'boom', isError: true },
    ]);
  });

  it('is empty for a turn without tools', () => {
    expect(toolCallsOf([{ role: 'user', content: 'q' }])).toEqual([]);
  });
});

describe('turnJson', () => {
  it('leaves out what was not recorded', () => {
    const json = turnJson({
      id: 't',
      createdAt: 'c',
      status: 'failed',
      question: 'q',
      answer: '',
      messages: [{ role: 'user', content: 'q' }],
    });
    expect(json).toEqual({
      id: 't',
      created_at: 'c',
      status: 'failed',
      question: 'q',
      answer: '',
      tools: [],
    });
  });
});
