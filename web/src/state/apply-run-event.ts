import type { RunEventBody } from '../api/api-types.js';
import { CANCELLED_CODE, contextUseOf, type ToolCallView, type TurnView } from './turn-view.js';

/**
 * Folds one run event into a turn; pure. Text is assembled as the server assembles the final answer: steps
 * separated by exactly one blank line. The duration runs from `run-start` to `run-end`, timed by the server's
 * `at` stamps (right for a replayed run too), else by `now` (`Date.now()` when the event arrived).
 */
export function applyRunEvent(turn: TurnView, event: RunEventBody & { at?: number }, now: number): TurnView {
  const at = typeof event.at === 'number' ? event.at : now;
  switch (event.type) {
    case 'queued':
      return {
        ...turn,
        phase: 'queued',
        queue: { position: event.position, size: event.queueSize, etaS: event.etaS ?? null },
      };
    case 'run-start': {
      const { queue: _queue, ...rest } = turn;
      return { ...rest, phase: 'running', model: event.model, startedAt: at };
    }
    case 'tool-approval-request':
      return {
        ...turn,
        approvals: [
          ...(turn.approvals ?? []).filter((a) => a.approvalId !== event.approvalId),
          {
            approvalId: event.approvalId,
            toolCallId: event.toolCallId,
            toolName: event.toolName,
            input: event.input,
            state: 'pending',
          },
        ],
      };
    case 'tool-approval-end':
      return {
        ...turn,
        approvals: (turn.approvals ?? []).map((a) =>
          a.approvalId === event.approvalId
            ? { ...a, state: event.approved ? 'approved' : 'denied', by: event.by }
            : a,
        ),
      };
    case 'model-fallback':
      return {
        ...turn,
        model: event.to,
        fallbacks: [...(turn.fallbacks ?? []), { from: event.from, to: event.to, reason: event.reason }],
      };
    case 'text-delta':
      return appendText(turn, event.step, event.text);
    case 'tool-call-start':
      if (turn.tools.some((t) => t.id === event.toolCallId)) return turn;
      return {
        ...turn,
        phase: 'running',
        tools: [
          ...turn.tools,
          { id: event.toolCallId, name: event.toolName, input: event.input, status: 'pending' },
        ],
      };
    case 'tool-call-end':
      return { ...turn, tools: endTool(turn.tools, event) };
    case 'step-end':
      return event.usage
        ? {
            ...turn,
            lastCall: { inputTokens: event.usage.inputTokens, contextTokens: event.usage.contextTokens },
          }
        : turn;
    case 'usage': {
      const lastCall = contextUseOf(event);
      return {
        ...turn,
        model: event.model || turn.model,
        usage: {
          inputTokens: event.inputTokens,
          outputTokens: event.outputTokens,
          totalTokens: event.totalTokens,
          ...(event.cachedInputTokens !== undefined ? { cachedInputTokens: event.cachedInputTokens } : {}),
          ...(event.cost !== undefined ? { cost: event.cost } : {}),
          ...(event.currency !== undefined ? { currency: event.currency } : {}),
          ...(event.costs !== undefined ? { costs: event.costs } : {}),
          ...(event.costUsd !== undefined ? { costUsd: event.costUsd } : {}),
        },
        ...(lastCall ? { lastCall } : {}),
      };
    }
    case 'error':
      return { ...turn, error: { code: event.code, message: event.message } };
    case 'run-end': {
      const { queue: _queue, ...rest } = turn;
      const answer = event.text !== '' || event.status === 'completed' ? event.text : turn.answer;
      const outcome =
        event.status === 'completed' ? 'completed' : answer.trim() !== '' ? 'interrupted' : 'failed';
      return {
        ...rest,
        phase: 'done',
        outcome,
        answer,
        ...(event.status === 'cancelled' && !turn.error ? { error: { code: CANCELLED_CODE } } : {}),
        tools: turn.tools.map((t) => (t.status === 'pending' ? { ...t, status: 'unfinished' } : t)),
        ...(turn.startedAt !== undefined ? { durationMs: Math.max(0, Math.round(at - turn.startedAt)) } : {}),
      };
    }
    default:
      return turn;
  }
}

function appendText(turn: TurnView, step: number, piece: string): TurnView {
  if (piece === '') return turn;
  let answer = turn.answer;
  let text = piece;
  if (turn.textStep !== undefined && step !== turn.textStep && answer !== '') {
    answer = `${answer.replace(/\s+$/u, '')}\n\n`;
    text = text.replace(/^\s+/u, '');
  }
  return { ...turn, phase: 'running', answer: answer + text, textStep: step };
}

function endTool(
  tools: readonly ToolCallView[],
  event: Extract<RunEventBody, { type: 'tool-call-end' }>,
): ToolCallView[] {
  const ended: ToolCallView = {
    id: event.toolCallId,
    name: event.toolName,
    input: undefined,
    status: event.isError ? 'error' : 'done',
    output: event.output,
    durationMs: event.durationMs,
  };
  // Match by id; else the latest pending call of the same tool; else it is a call whose start was missed.
  let index = tools.findIndex((t) => t.id === event.toolCallId);
  if (index === -1) index = tools.findLastIndex((t) => t.status === 'pending' && t.name === event.toolName);
  if (index === -1) return [...tools, ended];
  return tools.map((t, i) => (i === index ? { ...ended, id: t.id, input: t.input } : t));
}
