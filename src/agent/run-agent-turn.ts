import type { ModelMessage, ToolSet } from 'ai';
import type { Tracer } from '@opentelemetry/api';
import type { AppError } from '../errors/app-error.js';
import { CostTotals } from '../llm/cost-totals.js';
import { FailoverModel, type ModelFallback } from '../llm/failover-model.js';
import { costOf } from '../llm/model-prices.js';
import type { ActiveModel } from '../llm/provider-connection.js';
import { providerCost, type Money } from '../llm/provider-cost.js';
import type { AgentEvent } from './agent-event.js';
import { agentSteps, stepMessages } from './agent-steps.js';
import { AnswerText } from './answer-text.js';
import { budgetHistory, estimateTokens, estimateToolTokens } from './history-budget.js';
import { SUMMARY_MAX_TOKENS, summariseHistory } from './summarise-history.js';
import {
  conversationFilesContext,
  currentDateContext,
  droppedTurnsNote,
  earlierSummaryBlock,
  SYSTEM_PROMPT,
} from './system-prompt.js';
import { offeredTools } from '../tools/lazy-tool-set.js';
import { TurnSpans } from './turn-spans.js';

const SYSTEM_PROMPT_TOKENS = estimateTokens(SYSTEM_PROMPT);
/** Room kept in the context window for the schemas of tools the model loads during a turn. */
const LOADED_TOOLS_RESERVE_TOKENS = 6000;

/** Marker appended to an answer that a failure or a cancel cut short, in history and exports. */
export const INTERRUPTED_MARKER = '[Response interrupted]';

/** Everything one turn of the agent needs. The agent never sees a request, a socket or the environment. */
export interface AgentTurnInput {
  /**
   * The run's model first, then the models to move to when the current one fails before it streamed anything
   * (AGENT_FALLBACK_MODELS); the history is budgeted for the first one's context window.
   */
  readonly models: readonly [ActiveModel, ...ActiveModel[]];
  /** Earlier turns of this conversation, oldest first. */
  readonly history: readonly (readonly ModelMessage[])[];
  /** The summary of the oldest `turns` of `history`, made by an earlier turn; those turns are not sent again. */
  readonly summary?: TurnSummary | undefined;
  /**
   * Whether turns that no longer fit the context window are summarised with the model (when the caller keeps the
   * summary: a stored conversation); otherwise they are left out with a note.
   */
  readonly summarise?: boolean;
  readonly question: string;
  /** Images uploaded for this question: sent as image parts when the model takes images. */
  readonly images?: readonly { readonly mediaType: string; readonly bytes: Buffer }[];
  /** The files uploaded into the conversation, told to the model with the question. */
  readonly files?: readonly { name: string; mediaType: string; size: number; id: string }[];
  /**
   * Tool calls the server made for this question before the model's turn (a held call the person confirmed), with
   * their results: sent after the question and kept in the turn.
   */
  readonly performed?: readonly ModelMessage[];
  readonly tools: ToolSet;
  /**
   * Which tools to offer on each LLM call, asked before every call (tools loaded on demand join the set), and told
   * of every tool call; all of `tools` are offered when absent. Any of `tools` can be called either way.
   */
  readonly offer?: { active(): readonly string[]; use(name: string): void } | undefined;
  readonly maxSteps: number;
  readonly maxOutputTokens: number;
  readonly maxRetries: number;
  readonly timeoutMs: number;
  readonly chunkTimeoutMs: number;
  readonly timezone: string;
  readonly now: Date;
  readonly signal: AbortSignal;
  /**
   * With tracing on: the AI SDK's spans for the turn, each LLM step and each tool call, made under the active span
   * (the run's). Inputs and outputs (prompts, tool arguments and results, answers) are not recorded.
   */
  readonly tracer?: Tracer | undefined;
  /** Milliseconds the turn has spent waiting for people's approvals so far: not counted against `timeoutMs`. */
  readonly heldMs?: () => number;
}

/** What a turn used, as its `usage` event and its stored turn say it. */
export type TurnUsageOf = Omit<Extract<AgentEvent, { type: 'usage' }>, 'type' | 'model'>;

/** A summary of a conversation's oldest `turns` turns. */
export interface TurnSummary {
  readonly text: string;
  readonly turns: number;
}

/** How a turn ended and what it adds to the conversation. */
export interface AgentTurnResult {
  readonly status: 'completed' | 'failed' | 'cancelled';
  /** The assistant's prose (steps separated by a blank line). */
  readonly text: string;
  /** The messages this turn adds to history: the question, assistant messages and tool results. */
  readonly messages: ModelMessage[];
  readonly error?: AppError;
  /** Earlier turns not sent to the model to fit the context window (summarised or left out). */
  readonly droppedTurns: number;
  /** A new summary of the oldest turns, made by this turn: for the caller to keep. */
  readonly summary?: TurnSummary;
  /** Why summarising failed, when it did (the turns were then left out with a note). */
  readonly summaryFailure?: string;
  /** Tokens the turn used (what was used so far when it failed or was cancelled), and their cost when known. */
  readonly usage: TurnUsageOf;
  /** How long each tool call took, by tool call id (history shows it beside the call). */
  readonly toolDurationsMs: Readonly<Record<string, number>>;
  /** The model the turn ended on: the run's, or the fallback it moved to. */
  readonly model: ActiveModel;
}

/**
 * Runs one turn of the agent: the LLM with tools, up to `maxSteps` calls, temperature 0. Yields
 * {@link AgentEvent}s as they happen and returns the result; it never throws, a failure or a cancel ends the
 * turn with the partial answer kept and marked as interrupted.
 */
export async function* runAgentTurn(input: AgentTurnInput): AsyncGenerator<AgentEvent, AgentTurnResult> {
  const [first] = input.models;
  const contextTokens = first.contextTokens;
  const moves: ModelFallback[] = [];
  const failover = new FailoverModel(input.models, {
    maxRetries: input.maxRetries,
    firstChunkTimeoutMs: input.chunkTimeoutMs,
    onFallback: (move) => moves.push(move),
  });
  /** The `model-fallback` events for the moves made since the last call. */
  const fallbackEvents = (): AgentEvent[] =>
    moves.splice(0).map((m) => ({
      type: 'model-fallback',
      from: m.from.ref,
      to: m.to.ref,
      code: m.error.code,
      reason: m.error.message,
    }));
  // The system prompt and the tools stay byte-identical across turns and conversations (providers cache that
  // prefix); what changes goes with the user's message: the date and time it was sent (kept in history, as the
  // original did) and, for this request only, a note on turns left out.
  const userMessage: ModelMessage = {
    role: 'user',
    content: [
      currentDateContext(input.now, input.timezone),
      ...(input.files?.length ? [conversationFilesContext(input.files)] : []),
      input.question,
    ].join('\n\n'),
  };
  const prior =
    input.summary !== undefined && input.summary.turns <= input.history.length ? input.summary : undefined;
  const recent = prior ? input.history.slice(prior.turns) : input.history;
  const fixedTokens =
    SYSTEM_PROMPT_TOKENS +
    estimateTokens(userMessage) +
    (prior ? estimateTokens(prior.text) : 0) +
    (input.summarise ? SUMMARY_MAX_TOKENS : 0) +
    (await estimateToolTokens(offeredTools(input.tools, input.offer?.active()))) +
    (input.offer ? LOADED_TOOLS_RESERVE_TOKENS : 0) +
    input.maxOutputTokens;
  const budget = budgetHistory(recent, Math.max(0, contextTokens - fixedTokens));
  const usage = {
    input: 0,
    output: 0,
    total: 0,
    cached: undefined as number | undefined,
    /** Input tokens of the latest LLM call of the agent (not the summary's): the context it used. */
    lastInput: undefined as number | undefined,
    costs: new CostTotals(),
  };
  /** A call's cost by the price table, in the price's currency. */
  const tableCost = (tokens: Parameters<typeof costOf>[0]): Money | undefined => {
    const price = failover.current.price;
    return price && { amount: costOf(tokens, price), currency: price.currency };
  };

  // Turns that no longer fit are summarised (with the summary before them), as the original did; if that fails
  // they are left out, and the model is told how many.
  let summary = prior;
  let newSummary: TurnSummary | undefined;
  let summaryFailure: string | undefined;
  if (budget.droppedTurns > 0 && input.summarise) {
    // Bounded like the turn's own calls (LLM_TIMEOUT_S), and stopped by a cancel.
    const bounded = new AbortController();
    const stop = () => bounded.abort(input.signal.reason);
    if (input.signal.aborted) stop();
    else input.signal.addEventListener('abort', stop, { once: true });
    const timer = setTimeout(() => bounded.abort(new Error('the summary took too long')), input.timeoutMs);
    try {
      const made = await summariseHistory({
        model: first.model,
        previous: prior?.text,
        turns: recent.slice(0, budget.droppedTurns),
        maxRetries: input.maxRetries,
        signal: bounded.signal,
        tracer: input.tracer,
      });
      usage.input += made.inputTokens;
      usage.output += made.outputTokens;
      usage.total += made.inputTokens + made.outputTokens;
      usage.costs.add(tableCost({ input: made.inputTokens, output: made.outputTokens, cachedInput: 0 }));
      newSummary = { text: made.text, turns: (prior?.turns ?? 0) + budget.droppedTurns };
      summary = newSummary;
      yield { type: 'history-summarised', turns: newSummary.turns };
    } catch (error) {
      summaryFailure = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      input.signal.removeEventListener('abort', stop);
    }
  }
  const notes = [
    ...(summary ? [earlierSummaryBlock(summary.text, summary.turns)] : []),
    ...(budget.droppedTurns > 0 && !newSummary ? [droppedTurnsNote(budget.droppedTurns)] : []),
  ];
  const requestText =
    notes.length > 0
      ? `${notes.join('\n\n')}\n\n${userMessage.content as string}`
      : (userMessage.content as string);
  // Images uploaded for this question go to a model that takes them, in this request only: history keeps the text
  // (the conversation's files list still names them).
  const images = first.vision ? (input.images ?? []) : [];
  const requestMessage: ModelMessage =
    images.length > 0
      ? {
          role: 'user',
          content: [
            { type: 'text', text: requestText },
            ...images.map((i) => ({ type: 'image' as const, image: i.bytes, mediaType: i.mediaType })),
          ],
        }
      : { role: 'user', content: requestText };

  const answer = new AnswerText();
  const turnMessages: ModelMessage[] = [userMessage, ...(input.performed ?? [])];
  let step = 0;
  /** The prose of the step under way: kept, marked as interrupted, when the turn ends inside it. */
  let stepText = '';
  const started = new Map<string, number>();
  const toolDurationsMs: Record<string, number> = {};
  let failure: unknown;
  let cancelled = false;

  // The whole-turn timeout is our own timer, cleared when the turn ends: the SDK's `timeout.totalMs` uses
  // AbortSignal.timeout, which keeps each run's listeners alive for the full LLM_TIMEOUT_S after the run is over.
  const turnAbort = new AbortController();
  const onCancel = () => turnAbort.abort(input.signal.reason);
  if (input.signal.aborted) onCancel();
  else input.signal.addEventListener('abort', onCancel, { once: true });
  const timeoutError = () =>
    Object.assign(new Error(`The LLM did not finish within ${input.timeoutMs / 1000} s.`), {
      name: 'TimeoutError',
    });
  // Time spent waiting for a person's approval is added to the limit: the timer, when it fires, first takes that.
  let credited = 0;
  const onTurnTimer = () => {
    const held = input.heldMs?.() ?? 0;
    if (held > credited) {
      const extra = held - credited;
      credited = held;
      turnTimer = setTimeout(onTurnTimer, extra);
      return;
    }
    turnAbort.abort(timeoutError());
  };
  let turnTimer = setTimeout(onTurnTimer, input.timeoutMs);

  const spans = new TurnSpans(input.tracer, 'cmw.agent-turn', failover, {
    maxOutputTokens: input.maxOutputTokens,
    temperature: 0,
  });
  let lastFinishReason: string | undefined;
  try {
    const steps = agentSteps({
      model: failover,
      system: { content: SYSTEM_PROMPT, providerOptions: first.systemProviderOptions },
      messages: [...budget.messages, requestMessage, ...(input.performed ?? [])],
      tools: input.tools,
      offered: input.offer && (() => input.offer!.active()),
      maxSteps: input.maxSteps,
      temperature: 0,
      maxOutputTokens: input.maxOutputTokens,
      signal: turnAbort.signal,
      chunkTimeoutMs: input.chunkTimeoutMs,
      spans,
    });

    for await (const part of steps) {
      for (const event of fallbackEvents()) yield event;
      switch (part.type) {
        case 'start-step':
          step += 1;
          yield { type: 'step-start', step };
          break;
        case 'text-delta':
          if (part.text === '') break;
          stepText += part.text;
          answer.add(step, part.text);
          yield { type: 'text-delta', step, text: part.text };
          break;
        case 'tool-call':
          input.offer?.use(part.toolName);
          started.set(part.toolCallId, performance.now());
          yield {
            type: 'tool-call-start',
            step,
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: part.input,
          };
          break;
        case 'tool-result': {
          const durationMs = Math.round(
            performance.now() - (started.get(part.toolCallId) ?? performance.now()),
          );
          toolDurationsMs[part.toolCallId] = durationMs;
          yield {
            type: 'tool-call-end',
            step,
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            output: part.output,
            isError: part.isError,
            durationMs,
          };
          break;
        }
        case 'finish-step': {
          usage.input += part.usage.inputTokens ?? 0;
          usage.output += part.usage.outputTokens ?? 0;
          lastFinishReason = part.finishReason;
          // Providers that report no cache say 0 or nothing: a turn shows cached tokens only when some were read.
          const cached = part.usage.cacheReadTokens ?? 0;
          if (cached > 0) usage.cached = (usage.cached ?? 0) + cached;
          usage.total +=
            part.usage.totalTokens ?? (part.usage.inputTokens ?? 0) + (part.usage.outputTokens ?? 0);
          // The provider's own figure (OpenRouter's dollars, Polza's roubles) when it sends one, else the price
          // table's; a model without either has no cost (not 0).
          const cost =
            providerCost(part.providerMetadata) ??
            tableCost({
              input: part.usage.inputTokens ?? 0,
              output: part.usage.outputTokens ?? 0,
              cachedInput: cached,
            });
          usage.costs.add(cost);
          if (part.usage.inputTokens !== undefined) usage.lastInput = part.usage.inputTokens;
          turnMessages.push(...part.messages);
          stepText = '';
          yield {
            type: 'step-end',
            step,
            finishReason: part.finishReason,
            ...(part.usage.inputTokens !== undefined || part.usage.outputTokens !== undefined
              ? {
                  usage: {
                    inputTokens: part.usage.inputTokens ?? 0,
                    outputTokens: part.usage.outputTokens ?? 0,
                    ...(cached > 0 ? { cachedInputTokens: cached } : {}),
                    ...(cost ? { cost: cost.amount, currency: cost.currency } : {}),
                    contextTokens: failover.current.contextTokens,
                  },
                }
              : {}),
          };
          break;
        }
        case 'error':
          failure = turnAbort.signal.aborted && !input.signal.aborted ? timeoutError() : part.error;
          break;
        case 'abort':
          // The turn's signal aborts on a cancel and on the turn's timeout.
          if (input.signal.aborted) cancelled = true;
          else failure = timeoutError();
          break;
      }
      if (failure !== undefined) break;
    }
  } catch (error) {
    if (input.signal.aborted) cancelled = true;
    else failure = turnAbort.signal.aborted ? timeoutError() : error;
  } finally {
    clearTimeout(turnTimer);
    input.signal.removeEventListener('abort', onCancel);
    spans.end({
      finishReason: lastFinishReason,
      inputTokens: usage.input,
      outputTokens: usage.output,
      error: failure,
    });
  }
  if (input.signal.aborted && failure !== undefined && isAbortLike(failure)) {
    cancelled = true;
    failure = undefined;
  }

  for (const event of fallbackEvents()) yield event;
  // The step a failure or a cancel cut short keeps its prose, marked; its calls got no result, so none is kept (an
  // orphan call would make the provider reject the next turn).
  if (stepText.trim() !== '')
    turnMessages.push(...stepMessages(`${stepText.trimEnd()}\n\n${INTERRUPTED_MARKER}`, [], new Map()));
  const used: TurnUsageOf = {
    inputTokens: usage.input,
    outputTokens: usage.output,
    totalTokens: usage.total,
    ...(usage.cached !== undefined ? { cachedInputTokens: usage.cached } : {}),
    ...usage.costs.fields(),
    ...(usage.lastInput !== undefined ? { lastCallInputTokens: usage.lastInput } : {}),
    contextTokens: failover.current.contextTokens,
  };
  yield { type: 'usage', model: failover.current.modelId, ...used };

  if (failure !== undefined) {
    return {
      status: 'failed',
      text: answer.value,
      messages: turnMessages,
      error: failover.current.toError(failure, answer.value !== '' || step > 1),
      droppedTurns: budget.droppedTurns,
      ...(newSummary ? { summary: newSummary } : {}),
      ...(summaryFailure !== undefined ? { summaryFailure } : {}),
      usage: used,
      toolDurationsMs,
      model: failover.current,
    };
  }
  return {
    status: cancelled ? 'cancelled' : 'completed',
    text: answer.value,
    messages: turnMessages,
    droppedTurns: budget.droppedTurns,
    ...(newSummary ? { summary: newSummary } : {}),
    ...(summaryFailure !== undefined ? { summaryFailure } : {}),
    usage: used,
    toolDurationsMs,
    model: failover.current,
  };
}

function isAbortLike(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'ResponseAborted');
}
