import { useCallback, useEffect, useReducer, useRef } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { isApiError } from '../api/api-error.js';
import type { RunEvent } from '../api/api-types.js';
import { followRun } from '../api/follow-run.js';
import { credentialsOf, type BrowserSettings } from './browser-settings.js';
import { chatReducer, initialChatState, visibleTurns, type ChatState } from './chat-reducer.js';
import { titleFromQuestion } from '../text/title-from-question.js';
import { forgetPendingRun, readPendingRun, rememberPendingRun } from './pending-run.js';
import type { TurnView } from './turn-view.js';

/** What the chat needs from the rest of the page. */
export interface UseChatOptions {
  readonly api: ApiClient;
  /** The settings at the moment of sending. */
  readonly settings: () => BrowserSettings;
  /** The conversation the URL names. */
  readonly sessionId: string | undefined;
  readonly navigate: (id: string | undefined, replace?: boolean) => void;
  /** A run created or changed a session: refresh the list. */
  readonly onSessionsChanged: (created?: { id: string; title: string }) => void;
  /** Whether the server takes the person's own LLM key (its `/api/config` says so). */
  readonly llmKeysAllowed?: () => boolean;
}

/** The chat as components use it. */
export interface Chat {
  readonly state: ChatState;
  readonly turns: readonly TurnView[];
  /** A run is live somewhere (this page runs one at a time). */
  readonly busy: boolean;
  /** The live run belongs to the open conversation. */
  readonly liveHere: boolean;
  readonly send: (question: string) => void;
  readonly stop: () => void;
  /** The person's decision on a call the live run holds; rejects when it could not be sent. */
  readonly decide: (approvalId: string, approved: boolean, reason: string) => Promise<void>;
  readonly reload: () => void;
  readonly renamed: (sessionId: string, title: string) => void;
  readonly deleted: (sessionId: string) => void;
}

/** Loads the open conversation, sends questions, follows the live run and stops it. */
export function useChat(options: UseChatOptions): Chat {
  const [state, dispatch] = useReducer(chatReducer, initialChatState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const stopRequested = useRef(false);
  const unmounted = useRef(new AbortController());
  const { api, sessionId } = options;

  useEffect(() => {
    const controller = unmounted.current;
    return () => controller.abort();
  }, []);

  /** Reads a run's events into the live turn until it ends. */
  const follow = useCallback(
    async (runId: string, sessionIdOfRun: string) => {
      let buffer: RunEvent[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        if (buffer.length === 0) return;
        dispatch({ type: 'events', events: buffer, now: Date.now() });
        buffer = [];
      };
      try {
        for await (const event of followRun(api, runId, { signal: unmounted.current.signal })) {
          buffer.push(event);
          if (event.type === 'text-delta') {
            // Text is drawn at most ~30 times a second, however fast it comes.
            timer ??= setTimeout(flush, 33);
            continue;
          }
          flush();
          // Each tool call is drawn as pending before its end is applied, even when both arrive together.
          if (event.type === 'tool-call-start') await nextTask();
        }
        flush();
      } catch (error) {
        flush();
        if (unmounted.current.signal.aborted) return;
        const message = error instanceof Error ? error.message : String(error);
        const code = isApiError(error) ? error.code : 'NETWORK';
        dispatch({
          type: 'events',
          now: Date.now(),
          events: [
            { type: 'error', code, message },
            { type: 'run-end', status: 'failed', text: '' },
          ],
        });
      }
      const wasResumed = stateRef.current.live?.resumed === true;
      dispatch({ type: 'finished' });
      forgetPendingRun(runId);
      optionsRef.current.onSessionsChanged();
      if (wasResumed && stateRef.current.sessionId === sessionIdOfRun) {
        const detail = await api.getSession(sessionIdOfRun).catch(() => undefined);
        if (detail) dispatch({ type: 'loaded', detail });
      }
    },
    [api],
  );

  // Open what the URL names; pick up a run this tab started before a reload.
  useEffect(() => {
    if (sessionId === stateRef.current.sessionId && stateRef.current.status !== 'failed') return;
    if (sessionId === undefined) {
      dispatch({ type: 'new' });
      return;
    }
    const controller = new AbortController();
    dispatch({ type: 'open', sessionId });
    api
      .getSession(sessionId, controller.signal)
      .then((detail) => {
        dispatch({ type: 'loaded', detail });
        const pending = readPendingRun();
        if (pending?.sessionId !== sessionId || stateRef.current.live) return;
        if (detail.turns.length > pending.turnsBefore) {
          forgetPendingRun(pending.runId);
          return;
        }
        dispatch({
          type: 'resume',
          sessionId,
          runId: pending.runId,
          turn: newTurn(pending.question, pending.createdAt),
        });
        void follow(pending.runId, sessionId);
      })
      .catch(() => {
        if (!controller.signal.aborted) dispatch({ type: 'load-failed', sessionId });
      });
    return () => controller.abort();
  }, [api, sessionId, follow]);

  const send = useCallback(
    (raw: string) => {
      const question = raw.trim();
      const current = stateRef.current;
      if (question === '' || current.live) return;
      const turn = newTurn(question, new Date().toISOString());
      stopRequested.current = false;
      dispatch({ type: 'send', turn });
      const settings = optionsRef.current.settings();
      const credentials = credentialsOf(settings);
      const title = titleFromQuestion(question);
      const sessionIdBefore = current.sessionId;
      void (async () => {
        let runId: string;
        let runSession: string;
        try {
          const started = await api.startRun(
            {
              question,
              ...(sessionIdBefore ? { session_id: sessionIdBefore } : { title }),
              ...(settings.model ? { model: settings.model } : {}),
              ...(credentials ? { credentials } : {}),
            },
            optionsRef.current.llmKeysAllowed?.() && settings.llmKey.trim()
              ? settings.llmKey.trim()
              : undefined,
          );
          runId = started.run_id;
          runSession = started.session_id;
        } catch (error) {
          dispatch({
            type: 'events',
            now: Date.now(),
            events: [
              {
                type: 'error',
                code: isApiError(error) ? error.code : 'NETWORK',
                message: error instanceof Error ? error.message : String(error),
              },
              { type: 'run-end', status: 'failed', text: '' },
            ],
          });
          dispatch({ type: 'finished' });
          return;
        }
        dispatch({ type: 'started', runId, sessionId: runSession, title });
        if (sessionIdBefore === undefined) {
          // Still on the new conversation: the URL now names it.
          if (optionsRef.current.sessionId === undefined) optionsRef.current.navigate(runSession, true);
          optionsRef.current.onSessionsChanged({ id: runSession, title });
        }
        rememberPendingRun({
          runId,
          sessionId: runSession,
          question,
          createdAt: turn.createdAt,
          turnsBefore: current.turns.length,
        });
        if (stopRequested.current) void api.cancelRun(runId).catch(() => undefined);
        await follow(runId, runSession);
      })();
    },
    [api, follow],
  );

  const stop = useCallback(() => {
    const { live } = stateRef.current;
    if (!live || live.stopping) return;
    dispatch({ type: 'stopping' });
    stopRequested.current = true;
    if (live.runId) void api.cancelRun(live.runId).catch(() => undefined);
  }, [api]);

  const decide = useCallback(
    async (approvalId: string, approved: boolean, reason: string) => {
      const runId = stateRef.current.live?.runId;
      if (runId === undefined) throw new Error('no live run');
      await api.decideApproval(runId, approvalId, approved, reason || undefined);
    },
    [api],
  );

  const reload = useCallback(() => {
    const id = stateRef.current.sessionId;
    if (id === undefined) return;
    dispatch({ type: 'open', sessionId: id });
    api
      .getSession(id)
      .then((detail) => dispatch({ type: 'loaded', detail }))
      .catch(() => dispatch({ type: 'load-failed', sessionId: id }));
  }, [api]);

  const renamed = useCallback(
    (id: string, title: string) => dispatch({ type: 'renamed', sessionId: id, title }),
    [],
  );
  const deleted = useCallback((id: string) => dispatch({ type: 'deleted', sessionId: id }), []);

  return {
    state,
    turns: visibleTurns(state),
    busy: state.live !== undefined,
    liveHere: state.live !== undefined && state.live.sessionId === state.sessionId,
    send,
    stop,
    decide,
    reload,
    renamed,
    deleted,
  };
}

function newTurn(question: string, createdAt: string): TurnView {
  return {
    key: `live-${Math.random().toString(36).slice(2)}`,
    createdAt,
    question,
    answer: '',
    phase: 'sending',
    tools: [],
  };
}

/** Resolves after the browser has run pending work (a render); not throttled in background tabs. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
