import { describe, expect, it } from 'vitest';
import { fromGigaChatResponse, toGigaChatRequest } from './gigachat-wire.js';

const STATE = '6f1c2a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6';

describe('toGigaChatRequest', () => {
  it('turns tools into functions and pairs each call with its result, one per assistant message', () => {
    const body = toGigaChatRequest({
      model: 'GigaChat-2-Max',
      stream: true,
      stream_options: { include_usage: true },
      tools: [
        { type: 'function', function: { name: 'a', description: 'A', parameters: { type: 'object' } } },
      ],
      tool_choice: 'auto',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'Looking.',
          tool_calls: [
            { id: STATE, type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
            { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: STATE, content: '{"ok":true}' },
        { role: 'tool', tool_call_id: 'call_2', content: 'plain text' },
      ],
    });
    expect(body).toEqual({
      model: 'GigaChat-2-Max',
      stream: true,
      functions: [{ name: 'a', description: 'A', parameters: { type: 'object' } }],
      function_call: 'auto',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'Looking.',
          function_call: { name: 'a', arguments: { x: 1 } },
          functions_state_id: STATE,
        },
        { role: 'function', name: 'a', content: '{"ok":true}' },
        { role: 'assistant', content: '', function_call: { name: 'b', arguments: {} } },
        { role: 'function', name: 'b', content: '{"result":"plain text"}' },
      ],
    });
  });
});

describe('fromGigaChatResponse', () => {
  it('turns a streamed function call into one tool call with its state id', () => {
    expect(
      fromGigaChatResponse({
        choices: [
          {
            index: 0,
            delta: {
              content: '',
              function_call: { name: 'a', arguments: { x: 1 } },
              functions_state_id: STATE,
            },
            finish_reason: 'function_call',
          },
        ],
      }),
    ).toEqual({
      choices: [
        {
          index: 0,
          delta: {
            content: '',
            tool_calls: [
              { index: 0, id: STATE, type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
  });

  it('leaves text answers as they are', () => {
    const chunk = {
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
    };
    expect(fromGigaChatResponse(chunk)).toEqual(chunk);
  });
});
