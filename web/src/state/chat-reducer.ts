import type { RunEventBody, SessionDetail } from '../api/api-types.js';
import { applyRunEvent } from './apply-run-event.js';
import { turnFromStored } from './turn-from-stored.js';
import type { TurnView } from './turn-view.js';

/** The run being shown live. There is at most one per page. */
export interface LiveRun {
  /** The session it belongs to; undefined until the server made one for a new conversation. */
  readonly sessionId: string | undefined;
  readonly runId: string | undefined;
  readonly turn: TurnView;
  /** The user pressed Stop; waiting for the run to end. */
  readonly stopping: boolean;
  /** Picked up again after a reload: its turn may already be in the loaded history. */
  readonly resumed: boolean;
}

/** The open conversation and the live run. */
export interface ChatState {
  readonly sessionId: string | undefined;
  readonly title: string | undefined;
  readonly turns: readonly TurnView[];
  readonly status: 'ready' | 'loading' | 'failed';
  readonly live: LiveRun | undefined;
}

/** What can happen to the chat. */
export type ChatAction =
  | { readonly type: 'open'; readonly sessionId: string }
  | { readonly type: 'loaded'; readonly detail: SessionDetail }
  | { readonly type: 'load-failed'; readonly sessionId: string }
  | { readonly type: 'new' }
  | { readonly type: 'send'; readonly turn: TurnView }
  | { readonly type: 'resume'; readonly sessionId: string; readonly runId: string; readonly turn: TurnView }
  | { readonly type: 'started'; readonly runId: string; readonly sessionId: string; readonly title: string }
  | {
      readonly type: 'events';
      readonly events: readonly (RunEventBody & { readonly at?: number })[];
      readonly now: number;
    }
  | { readonly type: 'stopping' }
  | { readonly type: 'finished' }
  | { readonly type: 'renamed'; readonly sessionId: string; readonly title: string }
  | { readonly type: 'deleted'; readonly sessionId: string };

/** A fresh page: a new, empty conversation. */
export const initialChatState: ChatState = {
  sessionId: undefined,
  title: undefined,
  turns: [],
  status: 'ready',
  live: undefined,
};

/** The chat's state machine; pure. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'open':
      return { ...state, sessionId: action.sessionId, title: undefined, turns: [], status: 'loading' };
    case 'loaded':
      if (action.detail.id !== state.sessionId) return state;
      return {
        ...state,
        title: action.detail.title,
        turns: action.detail.turns.map(turnFromStored),
        status: 'ready',
      };
    case 'load-failed':
      return action.sessionId === state.sessionId ? { ...state, status: 'failed' } : state;
    case 'new':
      return { ...state, sessionId: undefined, title: undefined, turns: [], status: 'ready' };
    case 'send':
      if (state.live) return state;
      return {
        ...state,
        live: {
          sessionId: state.sessionId,
          runId: undefined,
          turn: action.turn,
          stopping: false,
          resumed: false,
        },
      };
    case 'resume':
      if (state.live) return state;
      return {
        ...state,
        live: {
          sessionId: action.sessionId,
          runId: action.runId,
          turn: action.turn,
          stopping: false,
          resumed: true,
        },
      };
    case 'started': {
      if (!state.live) return state;
      // Asked in a new conversation that is still open: it now has the server's id.
      const adopt = state.live.sessionId === undefined && state.sessionId === undefined;
      return {
        ...state,
        ...(adopt ? { sessionId: action.sessionId, title: action.title } : {}),
        live: { ...state.live, sessionId: action.sessionId, runId: action.runId },
      };
    }
    case 'events': {
      if (!state.live) return state;
      let turn = state.live.turn;
      for (const event of action.events) turn = applyRunEvent(turn, event, action.now);
      return { ...state, live: { ...state.live, turn } };
    }
    case 'stopping':
      return state.live ? { ...state, live: { ...state.live, stopping: true } } : state;
    case 'finished': {
      const { live } = state;
      if (!live) return state;
      // A resumed run's turn comes back with the reloaded history instead. A question that never started
      // (no session) stays in the new conversation, with its error.
      const keep = live.sessionId === state.sessionId && !live.resumed;
      return { ...state, live: undefined, turns: keep ? [...state.turns, live.turn] : state.turns };
    }
    case 'renamed':
      return action.sessionId === state.sessionId ? { ...state, title: action.title } : state;
    case 'deleted':
      return action.sessionId === state.sessionId
        ? { ...state, sessionId: undefined, title: undefined, turns: [], status: 'ready' }
        : state;
    default:
      return state;
  }
}

/** The turns to show: the history plus the live turn when it belongs here. */
export function visibleTurns(state: ChatState): readonly TurnView[] {
  const { live } = state;
  if (!live || live.sessionId !== state.sessionId) return state.turns;
  return [...state.turns, live.turn];
}
