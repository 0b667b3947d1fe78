import type { CostFields } from '../llm/cost-totals.js';

/**
 * What one agent turn emits, in order. The run layer numbers these events and stores them; every protocol
 * the server speaks is a view over them. Treat this union as a wire spec: add members, never change one.
 */
export type AgentEvent =
  /** An LLM call begins; `step` counts from 1. */
  | { type: 'step-start'; step: number }
  /** A piece of the assistant's prose. */
  | { type: 'text-delta'; step: number; text: string }
  /** The model asked for a tool; it runs next. */
  | { type: 'tool-call-start'; step: number; toolCallId: string; toolName: string; input: unknown }
  /** A tool finished (or failed, with `isError`). `output` is what the model sees. */
  | {
      type: 'tool-call-end';
      step: number;
      toolCallId: string;
      toolName: string;
      output: unknown;
      isError: boolean;
      durationMs: number;
    }
  /** The conversation's oldest `turns` turns were summarised to fit the context window (an LLM call). */
  | { type: 'history-summarised'; turns: number }
  /**
   * The model failed before it streamed anything (`code`, `reason`: why, as a person reads it); the turn goes on
   * with the next model of AGENT_FALLBACK_MODELS. Models are named `provider:model`.
   */
  | { type: 'model-fallback'; from: string; to: string; code: string; reason: string }
  /** An LLM call ended; `usage` is that call's, when the provider reported it. */
  | { type: 'step-end'; step: number; finishReason: string; usage?: CallUsage }
  /**
   * Token use of the whole turn, reported once at its end (also after a failure, for what was used), with its cost
   * when known (see {@link CostFields}: `cost` + `currency`, or `costs` by currency; `costUsd` is the US-dollar part).
   */
  | ({
      type: 'usage';
      model: string;
      inputTokens: number;
      outputTokens: number;
      totalTokens: number;
      /** Of the input tokens, those the provider read from its prompt cache (when it says). */
      cachedInputTokens?: number;
      /** Input tokens of the turn's last LLM call: how much of the context window it used. */
      lastCallInputTokens?: number;
      /** The context window of the model, in tokens. */
      contextTokens?: number;
    } & CostFields);

/** What one LLM call used and, when known, cost. */
export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  /** Of the input tokens, those read from the provider's prompt cache (absent when none). */
  cachedInputTokens?: number;
  /** The call's cost in `currency`: the provider's figure, else the price table's; absent without a price. */
  cost?: number;
  currency?: string;
  /** The context window of the model that made the call, in tokens (the budget `inputTokens` is measured against). */
  contextTokens: number;
}
