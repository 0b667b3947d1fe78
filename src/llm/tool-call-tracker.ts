import { generateId, InvalidResponseDataError } from 'ai';
import type { ToolCallDelta } from './chat-chunk.js';

/** The stream parts a tracker emits (`tool-input-start`, `tool-input-delta`, `tool-input-end`, `tool-call`). */
export type ToolCallPart =
  | { type: 'tool-input-start'; id: string; toolName: string }
  | { type: 'tool-input-delta'; id: string; delta: string }
  | { type: 'tool-input-end'; id: string }
  | {
      type: 'tool-call';
      toolCallId: string;
      toolName: string;
      input: string;
      providerMetadata?: Record<string, Record<string, string>>;
    };

/** A tool call delta as the tracker takes it (the chunk's, or one the model assembled from buffered ones). */
export interface TrackedDelta {
  readonly index?: number | null | undefined;
  readonly id?: string | null | undefined;
  readonly function?: { readonly name?: string | null; readonly arguments?: string | null } | undefined;
  readonly extra_content?: ToolCallDelta['extra_content'];
}

interface Tracked {
  readonly id: string;
  readonly index: number | undefined;
  readonly sequence: number;
  readonly name: string;
  args: string;
  readonly state: ArgumentState;
  finished: boolean;
  readonly metadata: Record<string, Record<string, string>> | undefined;
}

type Resolution = { kind: 'new' } | { kind: 'ambiguous' } | { kind: 'existing'; toolCall: Tracked };

const NEW: Resolution = { kind: 'new' };
const AMBIGUOUS: Resolution = { kind: 'ambiguous' };

/**
 * Assembles streamed tool calls into tool input parts and, at the end, `tool-call` parts, exactly as the AI SDK's
 * `StreamingToolCallTracker` (`@ai-sdk/provider-utils` 4.0.65, no type validation) does for the OpenAI-compatible
 * provider: deltas are matched to calls by id, index and name, a second call with the same index is told apart by
 * its arguments starting a new JSON value, and calls are finished in index order by {@link flush}.
 */
export class ToolCallTracker {
  readonly #calls: Tracked[] = [];
  readonly #byId = new Map<string, Set<Tracked>>();
  readonly #byIndex = new Map<number, Set<Tracked>>();
  readonly #usedIds = new Set<string>();
  readonly #nextSuffix = new Map<string, number>();

  /**
   * @param emit - receives the parts
   * @param metadataKey - the key of a Gemini thought signature's provider metadata (the provider's name)
   */
  constructor(
    private readonly emit: (part: ToolCallPart) => void,
    private readonly metadataKey: string,
  ) {}

  /**
   * Takes one tool call delta.
   * @throws InvalidResponseDataError for a new call without a name
   */
  processDelta(delta: TrackedDelta): void {
    const wireName = delta.function?.name;
    const hasBlankName = typeof wireName === 'string' && wireName.trim().length === 0;
    const wireId = nonBlank(delta.id);
    const name = nonBlank(wireName);
    const index = delta.index;
    const resolution = this.#resolve(
      wireId,
      index,
      name,
      name != null && startsWithStructuredValue(delta.function?.arguments),
    );
    if (resolution.kind === 'ambiguous') return;
    let call: Tracked;
    if (resolution.kind === 'new') {
      if (hasBlankName) return;
      call = this.#start(delta, wireId, index, name);
    } else {
      call = resolution.toolCall;
      if (wireId != null) add(this.#byId, wireId, call);
      const args = delta.function?.arguments;
      if (!call.finished && args != null) {
        call.state.append(args);
        call.args += args;
        this.emit({ type: 'tool-input-delta', id: call.id, delta: args });
      }
    }
    if (index != null) add(this.#byIndex, index, call);
  }

  /** Finishes every call not finished yet, in index order when all have one, else in arrival order. */
  flush(): void {
    const calls = this.#calls.every((c) => c.index != null)
      ? [...this.#calls].sort((a, b) => a.index! - b.index! || a.sequence - b.sequence)
      : this.#calls;
    for (const call of calls) {
      if (call.finished) continue;
      this.emit({ type: 'tool-input-end', id: call.id });
      this.emit({
        type: 'tool-call',
        toolCallId: call.id,
        toolName: call.name,
        input: call.args,
        ...(call.metadata ? { providerMetadata: call.metadata } : {}),
      });
      call.finished = true;
    }
  }

  #resolve(
    wireId: string | undefined,
    index: number | null | undefined,
    name: string | undefined,
    explicitStart: boolean,
  ): Resolution {
    const indexed = index != null ? this.#byIndex.get(index) : undefined;
    const matchingIndexed =
      indexed == null ? [] : [...indexed].filter((c) => name == null || c.name === name);
    if (wireId != null) {
      const withId = this.#byId.get(wireId);
      if (withId != null) {
        if (index != null) {
          const match = matching(
            matchingIndexed.filter((c) => withId.has(c)),
            explicitStart,
          );
          if (match.kind !== 'new') return match;
          if (name != null) return NEW;
          if (indexed != null) return AMBIGUOUS;
          return matching([...withId], false);
        }
        if (name != null)
          return matching(
            [...withId].filter((c) => c.name === name),
            explicitStart,
          );
        return matching([...withId], false);
      }
      if (matchingIndexed.length > 0) return explicitStart ? NEW : matching(matchingIndexed, false);
      return NEW;
    }
    if (indexed != null) return matching(matchingIndexed, explicitStart);
    if (name != null) return NEW;
    const unfinished = this.#calls.filter((c) => !c.finished);
    if (unfinished.length === 1) return { kind: 'existing', toolCall: unfinished[0]! };
    return unfinished.length > 1 ? AMBIGUOUS : NEW;
  }

  #start(
    delta: TrackedDelta,
    wireId: string | undefined,
    index: number | null | undefined,
    name: string | undefined,
  ): Tracked {
    if (name == null)
      throw new InvalidResponseDataError({
        data: delta,
        message: `Expected 'function.name' to be a string.`,
      });
    const id = this.#newId(wireId);
    this.emit({ type: 'tool-input-start', id, toolName: name });
    const args = delta.function?.arguments ?? '';
    const signature = delta.extra_content?.google?.thought_signature;
    const call: Tracked = {
      id,
      index: index ?? undefined,
      sequence: this.#calls.length,
      name,
      args,
      state: new ArgumentState(args),
      finished: false,
      metadata: signature ? { [this.metadataKey]: { thoughtSignature: signature } } : undefined,
    };
    this.#calls.push(call);
    if (wireId != null) add(this.#byId, wireId, call);
    if (args.length > 0) this.emit({ type: 'tool-input-delta', id, delta: args });
    return call;
  }

  #newId(wireId: string | undefined): string {
    if (wireId != null && !this.#usedIds.has(wireId)) {
      this.#usedIds.add(wireId);
      return wireId;
    }
    const generated = nonBlank(generateId()) ?? 'tool-call';
    if (!this.#usedIds.has(generated)) {
      this.#usedIds.add(generated);
      return generated;
    }
    const first = this.#nextSuffix.get(generated) ?? 1;
    const last = first + this.#usedIds.size;
    for (let suffix = first; suffix <= last; suffix++) {
      const id = `${generated}-${suffix}`;
      if (!this.#usedIds.has(id)) {
        this.#usedIds.add(id);
        this.#nextSuffix.set(generated, suffix + 1);
        return id;
      }
    }
    throw new Error('Failed to create a unique tool call ID.');
  }
}

function matching(calls: Tracked[], explicitStart: boolean): Resolution {
  if (calls.length === 0) return NEW;
  if (!explicitStart) return calls.length === 1 ? { kind: 'existing', toolCall: calls[0]! } : AMBIGUOUS;
  const open = calls.filter((c) => !c.state.complete);
  if (open.length === 1) return { kind: 'existing', toolCall: open[0]! };
  return open.length > 1 ? AMBIGUOUS : NEW;
}

function add<K>(map: Map<K, Set<Tracked>>, key: K, call: Tracked): void {
  let set = map.get(key);
  if (set == null) map.set(key, (set = new Set()));
  set.add(call);
}

function nonBlank(value: string | null | undefined): string | undefined {
  return value != null && value.trim().length > 0 ? value : undefined;
}

function startsWithStructuredValue(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const first = value.trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * Whether a call's arguments so far hold one complete JSON object or array (the AI SDK's
 * `StreamingToolCallArgumentState`): a scan that follows strings and brackets, and stops caring once the value is
 * complete or is not an object or array.
 */
class ArgumentState {
  #kind: 'undetermined' | 'structured' | 'other' = 'undetermined';
  #stack: number[] = [];
  #inString = false;
  #escaped = false;
  complete = false;

  constructor(initial: string) {
    this.append(initial);
  }

  append(delta: string): void {
    for (let i = 0; i < delta.length; i++) {
      if (this.#kind === 'other' || this.complete) return;
      const c = delta.charCodeAt(i);
      if (this.#kind === 'undetermined') {
        if (/\s/.test(delta[i]!)) continue;
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          this.#kind = 'other';
          continue;
        }
        this.#kind = 'structured';
        this.#stack = [c];
        continue;
      }
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === BACKSLASH) this.#escaped = true;
        else if (c === QUOTE) this.#inString = false;
        continue;
      }
      if (c === QUOTE) this.#inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.#stack.push(c);
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.#stack.at(-1) !== (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
          this.#kind = 'other';
          continue;
        }
        this.#stack.pop();
        if (this.#stack.length === 0) this.complete = true;
      }
    }
  }
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
