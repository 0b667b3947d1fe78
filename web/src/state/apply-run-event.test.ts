import { describe, expect, it } from 'vitest';
import type { RunEventBody } from '../api/api-types.js';
import { applyRunEvent } from './apply-run-event.js';
import type { TurnView } from './turn-view.js';

const start: TurnView = {
  key: 'live-1',
  createdAt: '2025-01-01T00:00:00.000Z',
  question: 'q',
  answer: '',
  phase: 'sending',
  tools: [],
};

const fold = (events: RunEventBody[], turn = start): TurnView =>
  events.reduce((t, e, i) => applyRunEvent(t, e, 1000 + i * 100), turn);

describe('applyRunEvent', () => {
  it('shows the queue position, then runs and separates steps with one blank line', () => {
    const queued = fold([{ type: 'queued', position: 2, queueSize: 3 }]);
    expect(queued).toMatchObject({ phase: 'queued', queue: { position: 2, size: 3, etaS: null } });
    expect(fold([{ type: 'queued', position: 1, queueSize: 1, etaS: 12.5 }]).queue).toEqual({
      position: 1,
      size: 1,
      etaS: 12.5,
    });
    const turn = fold(
      [
        { type: 'run-start', model: 'm' },
        { type: 'text-delta', step: 1, text: 'Checking. ' },
        { type: 'text-delta', step: 2, text: '  Found 3.' },
      ],
      queued,
    );
    expect(turn.queue).toBeUndefined();
    expect(turn).toMatchObject({ phase: 'running', model: 'm', answer: 'Checking.\n\nFound 3.' });
  });

  it('turns a pending tool card done, matching by id', () => {
    const pending = fold([
      { type: 'run-start', model: 'm' },
      { type: 'tool-call-start', step: 1, toolCallId: 'c1', toolName: 'list_applications', input: {} },
    ]);
    expect(pending.tools).toEqual([{ id: 'c1', name: 'list_applications', input: {}, status: 'pending' }]);
    const done = fold(
      [
        {
          type: 'tool-call-end',
          toolCallId: 'c1',
          toolName: 'list_applications',
          output: [1],
          isError: false,
          durationMs: 12,
        },
      ],
      pending,
    );
    expect(done.tools).toEqual([
      { id: 'c1', name: 'list_applications', input: {}, status: 'done', output: [1], durationMs: 12 },
    ]);
  });

  it('turns a failed tool call into an error card with its message', () => {
    const turn = fold([
      {
        type: 'tool-call-start',
        step: 1,
        toolCallId: 'c2',
        toolName: 'get_attribute',
        input: { system_name: 'X' },
      },
      {
        type: 'tool-call-end',
        toolCallId: 'c2',
        toolName: 'get_attribute',
        output: { success: false, status: 404, error: 'Attribute X does not exist' },
        isError: true,
        durationMs: 7,
      },
    ]);
    expect(turn.tools[0]).toMatchObject({ id: 'c2', status: 'error', durationMs: 7 });
  });

  it('keeps the partial answer of a cancelled run and marks unfinished tools', () => {
    const turn = fold([
      { type: 'run-start', model: 'm' },
      { type: 'text-delta', step: 1, text: 'Part' },
      { type: 'tool-call-start', step: 1, toolCallId: 'c1', toolName: 'slow', input: {} },
      { type: 'error', code: 'RUN_CANCELLED', message: 'The run was cancelled.' },
      { type: 'run-end', status: 'cancelled', text: 'Part' },
    ]);
    expect(turn).toMatchObject({ phase: 'done', outcome: 'interrupted', answer: 'Part', durationMs: 400 });
    expect(turn.error?.code).toBe('RUN_CANCELLED');
    expect(turn.tools[0]?.status).toBe('unfinished');
  });

  it('times a replayed run by the server stamps, not by when the events arrived', () => {
    const turn = [
      { type: 'run-start', model: 'm', at: 5_000 },
      { type: 'run-end', status: 'completed', text: 'a', at: 8_250 },
    ].reduce((t, e) => applyRunEvent(t, e as RunEventBody & { at: number }, 99_999), start);
    expect(turn.durationMs).toBe(3250);
  });

  it('fails a run that ends with nothing said, and takes the exact final text otherwise', () => {
    expect(
      fold([
        { type: 'error', code: 'LLM_UNAVAILABLE', message: 'down' },
        { type: 'run-end', status: 'failed', text: '' },
      ]),
    ).toMatchObject({ outcome: 'failed', error: { code: 'LLM_UNAVAILABLE', message: 'down' } });
    expect(
      fold([
        { type: 'text-delta', step: 1, text: 'Draft' },
        { type: 'run-end', status: 'completed', text: 'Final' },
      ]),
    ).toMatchObject({ outcome: 'completed', answer: 'Final' });
  });

  it('follows the context each LLM call used, then keeps the turn’s usage with its cost and currency', () => {
    const call = (inputTokens: number) =>
      ({
        type: 'step-end',
        step: 1,
        usage: { inputTokens, outputTokens: 5, contextTokens: 131_072 },
      }) as const;
    const live = fold([{ type: 'run-start', model: 'm' }, call(6000)]);
    expect(live.lastCall).toEqual({ inputTokens: 6000, contextTokens: 131_072 });
    expect(fold([call(6100)], live).lastCall?.inputTokens).toBe(6100);
    // A step-end without usage (the provider reported none) leaves it as it was.
    expect(fold([{ type: 'step-end', step: 2 }], live).lastCall?.inputTokens).toBe(6000);
    const ended = fold(
      [
        {
          type: 'usage',
          model: 'm',
          inputTokens: 12_100,
          outputTokens: 25,
          totalTokens: 12_125,
          cachedInputTokens: 11_000,
          cost: 0.42,
          currency: 'RUB',
          lastCallInputTokens: 6100,
          contextTokens: 131_072,
        },
      ],
      live,
    );
    expect(ended.usage).toEqual({
      inputTokens: 12_100,
      outputTokens: 25,
      totalTokens: 12_125,
      cachedInputTokens: 11_000,
      cost: 0.42,
      currency: 'RUB',
    });
    expect(ended.lastCall).toEqual({ inputTokens: 6100, contextTokens: 131_072 });
  });
});
