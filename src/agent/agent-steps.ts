import type { ModelMessage, ToolContent, ToolSet } from 'ai';
import type { ProviderModel } from '../llm/create-language-model.js';
import { functionTools } from '../llm/function-tools.js';
import { toModelPrompt, type ModelCallOptions, type SystemMessage } from '../llm/model-prompt.js';
import { offeredTools } from '../tools/lazy-tool-set.js';
import { parseToolInput } from './parse-tool-input.js';
import type { TurnSpans } from './turn-spans.js';

type StreamPart =
  Awaited<ReturnType<ProviderModel['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;
type ModelUsage = Extract<StreamPart, { type: 'finish' }>['usage'];

/** Tokens one LLM call used, as the provider reported them (undefined: not reported). */
export interface StepUsage {
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly totalTokens: number | undefined;
  readonly cacheReadTokens: number | undefined;
}

/** A tool call of a step, as the model made it (its input parsed when it was valid JSON). */
export interface StepCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  /** What the provider attached to the call (Gemini's thought signature…): sent back with it. */
  readonly providerOptions?: ModelCallOptions['providerOptions'];
}

/** What {@link agentSteps} yields, in order: per step its start, text and tool calls, their results, its end. */
export type StepPart =
  | { readonly type: 'start-step' }
  | { readonly type: 'text-delta'; readonly text: string }
  | ({ readonly type: 'tool-call' } & StepCall)
  /** A tool call ended: `output` is what the model sees, an error's message when `isError` (`error` is what was thrown). */
  | {
      readonly type: 'tool-result';
      readonly toolCallId: string;
      readonly toolName: string;
      readonly output: unknown;
      readonly isError: boolean;
      readonly error?: unknown;
    }
  | {
      readonly type: 'finish-step';
      readonly finishReason: string;
      readonly usage: StepUsage;
      readonly providerMetadata: unknown;
      /** What the step adds to the conversation ({@link stepMessages}): the next step sends it, history keeps it. */
      readonly messages: readonly ModelMessage[];
    }
  /** The call failed; nothing follows. */
  | { readonly type: 'error'; readonly error: unknown }
  /** `signal` aborted; nothing follows. */
  | { readonly type: 'abort' };

/** A model the steps call: a provider's model, or the failover over several. */
export interface StepModel {
  readonly provider: string;
  readonly modelId: string;
  doStream(options: ModelCallOptions): ReturnType<ProviderModel['doStream']>;
}

/** Everything {@link agentSteps} needs. */
export interface AgentStepsInput {
  readonly model: StepModel;
  readonly system: SystemMessage;
  /** The conversation so far, ending with the question (and calls the server made for it). */
  readonly messages: readonly ModelMessage[];
  /** Every tool a call may name. */
  readonly tools: ToolSet;
  /** The tools to offer on the next call, asked before each (all when absent). */
  readonly offered?: (() => readonly string[]) | undefined;
  readonly maxSteps: number;
  readonly temperature: number;
  readonly maxOutputTokens: number;
  /** Stops the turn: the call is cancelled, running tools are told, `abort` is yielded. */
  readonly signal: AbortSignal;
  /** The longest wait for the model's next chunk (LLM_CHUNK_TIMEOUT_S). */
  readonly chunkTimeoutMs: number;
  readonly spans: TurnSpans;
}

/** The result part a tool call adds to the conversation: its output as JSON, or its error's message as text. */
function toolResultPart(
  call: { readonly toolCallId: string; readonly toolName: string },
  output: unknown,
  isError: boolean,
): ToolContent[number] {
  return {
    type: 'tool-result',
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: isError
      ? { type: 'error-text', value: String(output) }
      : { type: 'json', value: (output ?? null) as never },
  };
}

/**
 * The messages one step adds to the conversation: the assistant's text and the calls that got a result (a call
 * without one would be an orphan the provider rejects), then their results in the calls' order. The next step
 * and the stored turn get the same messages, so a provider's cached prefix holds across both.
 * @param text - the step's prose
 * @param calls - the step's tool calls, in the order the model made them
 * @param results - the result part of each answered call, by call id
 */
export function stepMessages(
  text: string,
  calls: readonly StepCall[],
  results: ReadonlyMap<string, ToolContent[number]>,
): ModelMessage[] {
  const answered = calls.filter((c) => results.has(c.toolCallId));
  const content = [
    ...(text !== '' ? [{ type: 'text' as const, text }] : []),
    ...answered.map((c) => ({
      type: 'tool-call' as const,
      toolCallId: c.toolCallId,
      toolName: c.toolName,
      input: c.input,
      ...(c.providerOptions !== undefined ? { providerOptions: c.providerOptions } : {}),
    })),
  ];
  const messages: ModelMessage[] = content.length > 0 ? [{ role: 'assistant', content }] : [];
  if (answered.length > 0)
    messages.push({ role: 'tool', content: answered.map((c) => results.get(c.toolCallId)!) });
  return messages;
}

/**
 * The agent's LLM loop: calls the model with the conversation and the offered tools, streams its text, runs each
 * tool call as it arrives (checked against the tool's schema first: a call that does not fit gets the error as
 * its result, so the model can correct it), and calls the model again with the results, up to `maxSteps` calls
 * or until a step makes no tool calls. What the AI SDK's `streamText` does for this agent, read straight from the
 * provider's stream: one reader, no stream stages between it and the run.
 * @param input - the model, conversation, tools and limits
 */
export async function* agentSteps(input: AgentStepsInput): AsyncGenerator<StepPart, void> {
  const messages = [...input.messages];
  const { signal } = input;
  for (let step = 1; step <= input.maxSteps; step++) {
    if (signal.aborted) {
      yield { type: 'abort' };
      return;
    }
    const span = input.spans.step(input.model);
    const stepMessagesIn = [...messages];
    const chunkTimer = new ChunkTimer(signal, input.chunkTimeoutMs);
    const calls: StepCall[] = [];
    const running = new Map<string, Promise<ToolOutcome>>();
    let text = '';
    let finish: Omit<Extract<StepPart, { type: 'finish-step' }>, 'messages'> | undefined;
    let failure: unknown;
    let firstChunkAt: number | undefined;
    let response: { id?: string | undefined; modelId?: string | undefined } = {};
    const startedAt = performance.now();
    let reader: ReadableStreamDefaultReader<StreamPart> | undefined;
    try {
      // Shown, not built: a tool is built when called (see lazy-tool-set.ts).
      const tools = await functionTools(offeredTools(input.tools, input.offered?.()));
      // Only the stream is kept: the rest of the result holds the request body for nothing.
      const { stream } = await input.model.doStream({
        prompt: toModelPrompt(input.system, messages),
        ...(tools.length > 0 ? { tools, toolChoice: { type: 'auto' } } : {}),
        temperature: input.temperature,
        maxOutputTokens: input.maxOutputTokens,
        abortSignal: chunkTimer.signal,
      });
      // After the call answered: a move to a fallback model is told before the step that uses it.
      yield { type: 'start-step' };
      reader = stream.getReader();
      chunkTimer.start();
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        chunkTimer.touch();
        const part = next.value;
        switch (part.type) {
          case 'text-delta':
            firstChunkAt ??= performance.now();
            if (part.delta === '') break;
            text += part.delta;
            yield { type: 'text-delta', text: part.delta };
            break;
          case 'tool-call': {
            firstChunkAt ??= performance.now();
            if (part.providerExecuted) break;
            const parsed = await parseToolInput(input.tools, part.toolName, part.input);
            const call: StepCall = {
              toolCallId: part.toolCallId,
              toolName: part.toolName,
              // Arguments that are not a JSON object go back to the model as `{}` (as the AI SDK sends them).
              input: !parsed.valid && typeof parsed.input !== 'object' ? {} : parsed.input,
              ...(part.providerMetadata !== undefined ? { providerOptions: part.providerMetadata } : {}),
            };
            calls.push(call);
            yield { type: 'tool-call', ...call };
            running.set(
              call.toolCallId,
              parsed.valid
                ? runTool(input, call, stepMessagesIn)
                : Promise.resolve({ call, ok: false, value: parsed.error }),
            );
            break;
          }
          case 'response-metadata':
            response = { id: part.id, modelId: part.modelId };
            break;
          case 'finish':
            finish = {
              type: 'finish-step',
              finishReason: part.finishReason.unified,
              usage: stepUsage(part.usage),
              providerMetadata: part.providerMetadata,
            };
            break;
          case 'error':
            failure = part.error;
            break;
          default:
            break;
        }
        if (failure !== undefined) break;
      }
    } catch (error) {
      failure = error;
    } finally {
      chunkTimer.stop();
    }
    if (failure !== undefined || signal.aborted) {
      void reader?.cancel().catch(() => undefined);
      const error = signal.aborted ? undefined : (chunkTimer.timeout ?? failure);
      span.end({ error: error ?? signal.reason });
      // Tools already running are told by `signal`; their results no longer matter.
      void Promise.allSettled(running.values());
      yield error === undefined ? { type: 'abort' } : { type: 'error', error };
      return;
    }

    const results = new Map<string, ToolContent[number]>();
    while (running.size > 0) {
      const outcome = await Promise.race(running.values());
      running.delete(outcome.call.toolCallId);
      const { toolCallId, toolName } = outcome.call;
      // What the model sees of an error is its message.
      const output = outcome.ok ? outcome.value : errorMessage(outcome.value);
      results.set(toolCallId, toolResultPart(outcome.call, output, !outcome.ok));
      yield {
        type: 'tool-result',
        toolCallId,
        toolName,
        output,
        isError: !outcome.ok,
        ...(outcome.ok ? {} : { error: outcome.value }),
      };
    }
    const added = stepMessages(text, calls, results);
    const ended = {
      ...(finish ?? {
        type: 'finish-step',
        finishReason: 'other',
        usage: stepUsage(undefined),
        providerMetadata: undefined,
      }),
      messages: added,
    } as const;
    span.end({
      finishReason: ended.finishReason,
      inputTokens: ended.usage.inputTokens,
      outputTokens: ended.usage.outputTokens,
      responseId: response.id,
      responseModel: response.modelId,
      msToFirstChunk: firstChunkAt === undefined ? undefined : firstChunkAt - startedAt,
    });
    yield ended;
    if (signal.aborted) {
      yield { type: 'abort' };
      return;
    }
    if (calls.length === 0) return;
    messages.push(...added);
  }
}

/** How a tool call ended: its output, or what it threw. */
interface ToolOutcome {
  readonly call: StepCall;
  readonly ok: boolean;
  readonly value: unknown;
}

/** Runs one tool call in its span; never rejects. */
async function runTool(
  input: AgentStepsInput,
  call: StepCall,
  messages: ModelMessage[],
): Promise<ToolOutcome> {
  const tool = input.tools[call.toolName]!;
  try {
    const value = await input.spans.tool(
      call.toolName,
      call.toolCallId,
      () =>
        Promise.resolve(
          tool.execute!(call.input as never, {
            toolCallId: call.toolCallId,
            messages,
            abortSignal: input.signal,
          }),
        ) as Promise<unknown>,
    );
    return { call, ok: true, value };
  } catch (error) {
    return { call, ok: false, value: error };
  }
}

/** The message of what a tool threw. */
function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stepUsage(usage: ModelUsage | undefined): StepUsage {
  const input = usage?.inputTokens.total;
  const output = usage?.outputTokens.total;
  return {
    inputTokens: input,
    outputTokens: output,
    totalTokens: input === undefined && output === undefined ? undefined : (input ?? 0) + (output ?? 0),
    cacheReadTokens: usage?.inputTokens.cacheRead,
  };
}

/**
 * Aborts a step when the model, once it answered, sends nothing for `timeoutMs` (the AI SDK's chunk timeout): one
 * timer a step, re-armed when it fires early rather than reset on every chunk.
 */
class ChunkTimer {
  readonly #controller = new AbortController();
  readonly #outer: AbortSignal;
  readonly #timeoutMs: number;
  readonly #onOuter = () => this.#controller.abort(this.#outer.reason);
  #last = performance.now();
  #timer: NodeJS.Timeout | undefined;
  /** The timeout's error, once it fired. */
  timeout: Error | undefined;

  constructor(outer: AbortSignal, timeoutMs: number) {
    this.#outer = outer;
    this.#timeoutMs = timeoutMs;
    outer.addEventListener('abort', this.#onOuter, { once: true });
  }

  /** The call answered: from now on each chunk must follow the last within the timeout. */
  start(): void {
    this.#last = performance.now();
    this.#timer = setTimeout(this.#check, this.#timeoutMs);
  }

  /** Aborted by the turn's signal or by the timeout. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A chunk came. */
  touch(): void {
    this.#last = performance.now();
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#outer.removeEventListener('abort', this.#onOuter);
  }

  readonly #check = () => {
    const idle = performance.now() - this.#last;
    if (idle < this.#timeoutMs) {
      this.#timer = setTimeout(this.#check, this.#timeoutMs - idle);
      return;
    }
    this.timeout = new DOMException(`Chunk timeout of ${this.#timeoutMs}ms exceeded`, 'TimeoutError');
    this.#controller.abort(this.timeout);
  };
}
