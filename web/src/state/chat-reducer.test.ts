import { describe, expect, it } from 'vitest';
import { chatReducer, initialChatState, visibleTurns } from './chat-reducer.js';
import type { TurnView } from './turn-view.js';

const turn: TurnView = {
  key: 'live-1',
  createdAt: '2025-01-01T00:00:00.000Z',
  question: 'q',
  answer: '',
  phase: 'sending',
  tools: [],
};

describe('chatReducer', () => {
  it('adopts the session the server made for a new conversation and keeps the finished turn', () => {
    let state = chatReducer(initialChatState, { type: 'send', turn });
    expect(visibleTurns(state)).toHaveLength(1);
    state = chatReducer(state, { type: 'started', runId: 'r1', sessionId: 's1', title: 'q' });
    expect(state).toMatchObject({ sessionId: 's1', title: 'q', live: { runId: 'r1', sessionId: 's1' } });
    state = chatReducer(state, {
      type: 'events',
      now: 0,
      events: [{ type: 'run-end', status: 'completed', text: 'a' }],
    });
    state = chatReducer(state, { type: 'finished' });
    expect(state.live).toBeUndefined();
    expect(state.turns.map((t) => t.answer)).toEqual(['a']);
  });

  it('shows the live turn only in its own conversation', () => {
    let state = chatReducer(initialChatState, { type: 'open', sessionId: 's1' });
    state = chatReducer(state, { type: 'send', turn });
    state = chatReducer(state, { type: 'started', runId: 'r1', sessionId: 's1', title: 'q' });
    state = chatReducer(state, { type: 'open', sessionId: 's2' });
    expect(visibleTurns(state)).toHaveLength(0);
    state = chatReducer(state, { type: 'finished' });
    expect(state.turns).toHaveLength(0);
  });

  it('keeps a question that could not start in the new conversation, and adopts the next one', () => {
    let state = chatReducer(initialChatState, { type: 'send', turn });
    state = chatReducer(state, {
      type: 'events',
      now: 0,
      events: [
        { type: 'error', code: 'QUEUE_FULL', message: 'Busy' },
        { type: 'run-end', status: 'failed', text: '' },
      ],
    });
    state = chatReducer(state, { type: 'finished' });
    expect(state.turns).toHaveLength(1);
    state = chatReducer(state, { type: 'send', turn: { ...turn, key: 'live-2' } });
    state = chatReducer(state, { type: 'started', runId: 'r2', sessionId: 's9', title: 'q' });
    expect(state.sessionId).toBe('s9');
    expect(visibleTurns(state).map((t) => t.key)).toEqual(['live-1', 'live-2']);
  });

  it('ignores a late answer for a conversation that is no longer open', () => {
    let state = chatReducer(initialChatState, { type: 'open', sessionId: 's2' });
    state = chatReducer(state, {
      type: 'loaded',
      detail: { id: 's1', title: 'old', created_at: '', updated_at: '', turns: [] },
    });
    expect(state).toMatchObject({ sessionId: 's2', status: 'loading' });
  });
});
