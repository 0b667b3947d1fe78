import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../../runs/run-event.js';
import { CompletionState } from './completion-state.js';

function feed(bodies: RunEventBody[]): { state: CompletionState; deltas: string[] } {
  const state = new CompletionState();
  const deltas = bodies.map((body, i) => state.add({ ...body, seq: i + 1, at: 0 })).filter((d) => d !== '');
  return { state, deltas };
}

describe('CompletionState', () => {
  it('hands out deltas that add up to exactly the final answer across steps', () => {
    const { state, deltas } = feed([
      { type: 'text-delta', step: 1, text: 'Let me look. ' },
      { type: 'text-delta', step: 1, text: '\n' },
      { type: 'step-end', step: 1, finishReason: 'tool-calls' },
      { type: 'text-delta', step: 2, text: '\n Found ' },
      { type: 'text-delta', step: 2, text: 'it.\n' },
      { type: 'step-end', step: 2, finishReason: 'stop' },
      { type: 'usage', model: 'm', inputTokens: 10, outputTokens: 4, totalTokens: 14, costUsd: 0.01 },
      { type: 'run-end', status: 'completed', text: 'Let me look.\n\nFound it.\n' },
    ]);
    expect(deltas.join('')).toBe('Let me look.\n\nFound it.\n');
    expect(state).toMatchObject({ status: 'completed', finishReason: 'stop', error: undefined });
    expect(state.usage).toEqual({ prompt_tokens: 10, completion_tokens: 4, total_tokens: 14, cost: 0.01 });
  });

  it.each([
    ['length', 'length'],
    ['content-filter', 'content_filter'],
    ['tool-calls', 'length'],
    ['stop', 'stop'],
    ['other', 'stop'],
  ])('maps a last step ending with %s to finish_reason %s', (last, expected) => {
    const { state } = feed([
      { type: 'step-end', step: 1, finishReason: last },
      { type: 'run-end', status: 'completed', text: '' },
    ]);
    expect(state.finishReason).toBe(expected);
  });

  it('keeps the error of a failed run and sends nothing more', () => {
    const { state, deltas } = feed([
      { type: 'text-delta', step: 1, text: 'partial ' },
      { type: 'error', code: 'LLM_TIMEOUT', message: 'slow' },
      { type: 'run-end', status: 'failed', text: 'partial ' },
    ]);
    expect(deltas).toEqual(['partial']);
    expect(state.error).toMatchObject({ code: 'LLM_TIMEOUT', status: 504, message: 'slow' });
  });
});
