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
  /** An LLM call ended. */
  | { type: 'step-end'; step: number; finishReason: string }
  /** Token use of the whole turn, reported once at its end (also after a failure, for what was used). */
  | {
      type: 'usage';
      model: string;
      inputTokens: number;
      outputTokens: number;
      totalTokens: number;
      /** Of the input tokens, those the provider read from its prompt cache (when it says). */
      cachedInputTokens?: number;
      costUsd?: number;
    };
