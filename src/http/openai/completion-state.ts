import { AnswerText } from '../../agent/answer-text.js';
import { AppError } from '../../errors/app-error.js';
import type { RunEvent, RunStatus } from '../../runs/run-event.js';
import type { CompletionUsage, FinishReason } from './completion-shapes.js';

/**
 * Folds a run's events into what the OpenAI view sends: content deltas whose concatenation is exactly the
 * final answer, the finish reason, the usage, and the error of a failed run.
 *
 * The answer joins agent steps with one blank line and trims the whitespace a step ended with (see
 * {@link AnswerText}); a delta that was sent cannot be taken back, so trailing whitespace is held until
 * more text follows it or the run ends.
 */
export class CompletionState {
  readonly #answer = new AnswerText();
  #sent = 0;
  #lastFinish: string | undefined;
  #usage: CompletionUsage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  #error: AppError | undefined;
  #status: RunStatus | undefined;
  #text = '';

  /**
   * Takes the next event of the run.
   * @returns the content that may be sent now ('' when none)
   */
  add(event: RunEvent): string {
    switch (event.type) {
      case 'text-delta': {
        this.#answer.add(event.step, event.text);
        return this.#take(this.#answer.value.trimEnd());
      }
      case 'step-end':
        this.#lastFinish = event.finishReason;
        return '';
      case 'usage':
        this.#usage = {
          prompt_tokens: event.inputTokens,
          completion_tokens: event.outputTokens,
          total_tokens: event.totalTokens,
          ...(event.cachedInputTokens !== undefined
            ? { prompt_tokens_details: { cached_tokens: event.cachedInputTokens } }
            : {}),
          ...(event.costUsd !== undefined ? { cost: event.costUsd } : {}),
        };
        return '';
      case 'error':
        this.#error = new AppError(event.code, event.message);
        return '';
      case 'run-end':
        this.#status = event.status;
        this.#text = event.text;
        if (event.status !== 'completed') return '';
        // The final answer may keep trailing whitespace; send whatever of it is still held back.
        return this.#take(this.#answer.value);
      default:
        return '';
    }
  }

  /** How the run ended, once it has. */
  get status(): RunStatus | undefined {
    return this.#status;
  }

  /** The final answer (after `run-end`). */
  get text(): string {
    return this.#text;
  }

  /** The answer so far, as the steps' text joins it (the final answer once the run has ended). */
  get answerSoFar(): string {
    return this.#answer.value;
  }

  /** Usage of the whole turn (zeros until the run reports it). */
  get usage(): CompletionUsage {
    return this.#usage;
  }

  /** Why the run did not complete: its error, or a generic one. Undefined for a completed run. */
  get error(): AppError | undefined {
    if (this.#status === undefined || this.#status === 'completed') return undefined;
    return (
      this.#error ??
      new AppError(
        this.#status === 'cancelled' ? 'RUN_CANCELLED' : 'INTERNAL',
        this.#status === 'cancelled' ? 'The run was cancelled.' : 'The run failed.',
      )
    );
  }

  /**
   * `length` when a limit cut the answer: the model hit its output token limit, or the agent used its last
   * step on tool calls (the step limit); `content_filter` when the provider filtered it; else `stop`.
   */
  get finishReason(): FinishReason {
    if (this.#lastFinish === 'length') return 'length';
    if (this.#lastFinish === 'content-filter') return 'content_filter';
    // The loop ends after a tool-calling step only when it has no steps left.
    if (this.#lastFinish === 'tool-calls') return 'length';
    return 'stop';
  }

  #take(ready: string): string {
    if (ready.length <= this.#sent) return '';
    const delta = ready.slice(this.#sent);
    this.#sent = ready.length;
    return delta;
  }
}
