import type { ModelMessage } from 'ai';
import { CostTotals, type CostFields } from '../../llm/cost-totals.js';
import type { SessionSummary, StoredTurn } from '../../sessions/session-store.js';

/** A session in `GET /api/sessions` and the answers of `PATCH`. */
export interface SessionSummaryJson {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  turns: number;
}

/** A tool call of a stored turn, as the native API shows it. */
export interface ToolCallJson {
  toolCallId: string;
  toolName: string;
  input: unknown;
  output: unknown;
  isError: boolean;
  /** Absent in turns saved before durations were recorded. */
  durationMs?: number;
}

/** A stored turn, as `GET /api/sessions/:id` shows it. */
export interface TurnJson {
  id: string;
  created_at: string;
  status: StoredTurn['status'];
  question: string;
  answer: string;
  /** Absent only in turns saved before models were recorded. */
  model?: string;
  error_code?: string;
  usage?: NonNullable<StoredTurn['usage']>;
  duration_ms?: number;
  tools: ToolCallJson[];
  /** Models that failed before answering and the ones that took over, when any did. */
  fallbacks?: NonNullable<StoredTurn['fallbacks']>;
}

/** The wire form of a session summary. */
export function sessionSummaryJson(s: SessionSummary): SessionSummaryJson {
  return {
    id: s.id,
    title: s.title ?? '',
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    turns: s.turnCount,
  };
}

/**
 * A conversation's token and cost totals, as `GET /api/sessions/:id` shows them. The cost fields are absent when
 * no turn has a cost (no price known), rather than a misleading 0; see {@link CostFields}.
 */
export interface UsageTotalsJson extends CostFields {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cachedInputTokens: number;
}

/** Sums the usage of a conversation's turns; costs per currency (roubles are never added to dollars). */
export function usageTotals(turns: readonly StoredTurn[]): UsageTotalsJson {
  const tokens = { inputTokens: 0, outputTokens: 0, totalTokens: 0, cachedInputTokens: 0 };
  const costs = new CostTotals();
  for (const { usage } of turns) {
    if (!usage) continue;
    tokens.inputTokens += usage.inputTokens;
    tokens.outputTokens += usage.outputTokens;
    tokens.totalTokens += usage.totalTokens;
    tokens.cachedInputTokens += usage.cachedInputTokens ?? 0;
    costs.addFields(usage);
  }
  return { ...tokens, ...costs.fields() };
}

/** The wire form of a stored turn; its tool calls are read back from the stored messages. */
export function turnJson(t: StoredTurn): TurnJson {
  return {
    id: t.id,
    created_at: t.createdAt,
    status: t.status,
    question: t.question,
    answer: t.answer,
    ...(t.model !== undefined ? { model: t.model } : {}),
    ...(t.errorCode !== undefined ? { error_code: t.errorCode } : {}),
    ...(t.usage !== undefined ? { usage: t.usage } : {}),
    ...(t.durationMs !== undefined ? { duration_ms: t.durationMs } : {}),
    tools: toolCallsOf(t.messages, t.toolDurationsMs),
    ...(t.fallbacks !== undefined ? { fallbacks: t.fallbacks } : {}),
  };
}

/**
 * The tool calls of a turn with their results, in call order. Only answered calls are stored (the agent drops
 * orphans), but a call without a result is still listed, with `output` null.
 */
export function toolCallsOf(
  messages: readonly ModelMessage[],
  durationsMs: Readonly<Record<string, number>> = {},
): ToolCallJson[] {
  const calls: ToolCallJson[] = [];
  const byId = new Map<string, ToolCallJson>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    if (message.role === 'assistant') {
      for (const part of message.content) {
        if (part.type !== 'tool-call') continue;
        const durationMs = durationsMs[part.toolCallId];
        const call: ToolCallJson = {
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
          output: null,
          isError: false,
          ...(durationMs !== undefined ? { durationMs } : {}),
        };
        calls.push(call);
        byId.set(part.toolCallId, call);
      }
    } else if (message.role === 'tool') {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        const call = byId.get(part.toolCallId);
        if (!call) continue;
        const output = part.output;
        call.isError = output.type === 'error-text' || output.type === 'error-json';
        call.output = 'value' in output ? output.value : null;
      }
    }
  }
  return calls;
}
