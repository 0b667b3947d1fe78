import { JSONParseError, TypeValidationError } from 'ai';
import { z } from 'zod';
import { secureJsonParse } from './secure-json-parse.js';

/** A tool call fragment of a streamed delta (`choices[0].delta.tool_calls[i]`). */
export interface ToolCallDelta {
  readonly index?: number | null;
  readonly id?: string | null;
  readonly function: { readonly name?: string | null; readonly arguments?: string | null };
  readonly extra_content?: { readonly google?: { readonly thought_signature?: string | null } | null } | null;
}

/** Token usage as OpenAI-compatible servers report it. */
export interface ChatUsage {
  readonly prompt_tokens?: number | null;
  readonly completion_tokens?: number | null;
  readonly total_tokens?: number | null;
  readonly prompt_tokens_details?: { readonly cached_tokens?: number | null } | null;
  readonly completion_tokens_details?: {
    readonly reasoning_tokens?: number | null;
    readonly accepted_prediction_tokens?: number | null;
    readonly rejected_prediction_tokens?: number | null;
  } | null;
}

/** One part of a delta's `content` when it is an array (Mistral's `text` and `thinking` parts). */
export interface ContentPart {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** `choices[0].delta` of a chunk. */
export interface ChatDelta {
  readonly role?: 'assistant' | '' | null;
  readonly content?: string | readonly ContentPart[] | null;
  /** A string, or anything else some servers send (read only when it is a string). */
  readonly refusal?: unknown;
  readonly reasoning_content?: string | null;
  readonly reasoning?: string | null;
  readonly tool_calls?: readonly ToolCallDelta[] | null;
}

/** A `chat.completion.chunk`, with the fields the AI SDK's chunk schema admits. */
export interface ChatChunk {
  readonly id?: string | null;
  readonly created?: number | null;
  readonly model?: string | null;
  readonly choices: readonly {
    readonly delta?: ChatDelta | null;
    readonly finish_reason?: string | null;
  }[];
  readonly usage?: ChatUsage | null;
}

/** What one `data:` line of the stream is: a chunk, an error object (`{"error": {…}}`), or not valid. */
export type ParsedChunk =
  | {
      readonly success: true;
      readonly value: ChatChunk | { readonly error: unknown };
      readonly rawValue: unknown;
    }
  | { readonly success: false; readonly error: Error; readonly rawValue: unknown };

/**
 * Parses one `data:` line of a chat-completions stream as the AI SDK's OpenAI-compatible provider does (its
 * `safeParseJSON` with the chunk schema), with one `JSON.parse` and a hand-written check of the fields instead of
 * zod on every chunk. Only a line that the check does not admit (an error object, or a malformed chunk) goes
 * through a copy of the provider's zod schema, so it yields the same value or the same `TypeValidationError`.
 * @param text - the event's data
 */
export function parseChatChunk(text: string): ParsedChunk {
  let value: unknown;
  try {
    value = secureJsonParse(text);
  } catch (cause) {
    return { success: false, error: new JSONParseError({ text, cause }), rawValue: undefined };
  }
  if (isChatChunk(value)) return { success: true, value, rawValue: value };
  const result = chunkSchema().safeParse(value);
  return result.success
    ? { success: true, value: result.data as ChatChunk | { error: unknown }, rawValue: value }
    : { success: false, error: TypeValidationError.wrap({ value, cause: result.error }), rawValue: value };
}

/** What a JSON error response body says, as the provider's error schema reads it (unknown keys dropped). */
export interface ErrorData {
  readonly error: {
    readonly message: string;
    readonly type?: string | null;
    readonly param?: unknown;
    readonly code?: string | number | null;
  };
}

/**
 * The data of an error response body `{"error": {"message": …}}` as the provider's error schema yields it, or
 * undefined when the body is not JSON of that shape (the provider then reports the status text).
 * @param text - the response body
 */
export function parseErrorData(text: string): ErrorData | undefined {
  let value: unknown;
  try {
    value = secureJsonParse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !isObject(value.error)) return undefined;
  const e = value.error;
  if (typeof e.message !== 'string' || !isNullishString(e.type)) return undefined;
  if (!(e.code == null || typeof e.code === 'string' || typeof e.code === 'number')) return undefined;
  const error: { -readonly [K in keyof ErrorData['error']]: ErrorData['error'][K] } = { message: e.message };
  if ('type' in e) error.type = e.type as string | null;
  if ('param' in e) error.param = e.param;
  if ('code' in e) error.code = e.code;
  return { error };
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isNullishString(v: unknown): boolean {
  return v == null || typeof v === 'string';
}
function isNullishNumber(v: unknown): boolean {
  return v == null || typeof v === 'number';
}
function isNullishObject(v: unknown): boolean {
  return v == null || isObject(v);
}

/**
 * Whether a value passes the base chunk schema of the provider (never true for what it refuses; a value this is
 * stricter about goes to the zod schema, which decides).
 */
function isChatChunk(v: unknown): v is ChatChunk {
  if (!isObject(v) || !Array.isArray(v.choices)) return false;
  if (!isNullishString(v.id) || !isNullishNumber(v.created) || !isNullishString(v.model)) return false;
  for (const choice of v.choices as unknown[]) {
    if (!isObject(choice) || !isNullishString(choice.finish_reason)) return false;
    if (choice.delta != null && !isDelta(choice.delta)) return false;
  }
  return v.usage == null || isUsage(v.usage);
}

function isDelta(d: unknown): boolean {
  if (!isObject(d)) return false;
  if (!(d.role == null || d.role === 'assistant' || d.role === '')) return false;
  if (!isNullishString(d.reasoning_content) || !isNullishString(d.reasoning)) return false;
  const content = d.content;
  if (content != null && typeof content !== 'string') {
    if (!Array.isArray(content)) return false;
    for (const part of content as unknown[])
      if (!isObject(part) || typeof part.type !== 'string') return false;
  }
  const calls = d.tool_calls;
  if (calls == null) return true;
  if (!Array.isArray(calls)) return false;
  for (const call of calls as unknown[]) {
    if (!isObject(call) || !isNullishNumber(call.index) || !isNullishString(call.id)) return false;
    const fn = call.function;
    if (!isObject(fn) || !isNullishString(fn.name) || !isNullishString(fn.arguments)) return false;
    const extra = call.extra_content;
    if (extra != null) {
      if (!isObject(extra) || !isNullishObject(extra.google)) return false;
      if (extra.google != null && !isNullishString((extra.google as Obj).thought_signature)) return false;
    }
  }
  return true;
}

function isUsage(u: unknown): boolean {
  if (!isObject(u)) return false;
  if (!isNullishNumber(u.prompt_tokens) || !isNullishNumber(u.completion_tokens)) return false;
  if (!isNullishNumber(u.total_tokens)) return false;
  const prompt = u.prompt_tokens_details;
  if (prompt != null && !(isObject(prompt) && isNullishNumber(prompt.cached_tokens))) return false;
  const completion = u.completion_tokens_details;
  if (completion == null) return true;
  return (
    isObject(completion) &&
    isNullishNumber(completion.reasoning_tokens) &&
    isNullishNumber(completion.accepted_prediction_tokens) &&
    isNullishNumber(completion.rejected_prediction_tokens)
  );
}

let schema: z.ZodType | undefined;

/** The provider's chunk schema (`@ai-sdk/openai-compatible` 2.0.92, chunkBaseSchema | error schema), built once. */
function chunkSchema(): z.ZodType {
  if (schema) return schema;
  const usage = z
    .looseObject({
      prompt_tokens: z.number().nullish(),
      completion_tokens: z.number().nullish(),
      total_tokens: z.number().nullish(),
      prompt_tokens_details: z.looseObject({ cached_tokens: z.number().nullish() }).nullish(),
      completion_tokens_details: z
        .looseObject({
          reasoning_tokens: z.number().nullish(),
          accepted_prediction_tokens: z.number().nullish(),
          rejected_prediction_tokens: z.number().nullish(),
        })
        .nullish(),
    })
    .nullish();
  const base = z.looseObject({
    id: z.string().nullish(),
    created: z.number().nullish(),
    model: z.string().nullish(),
    choices: z.array(
      z.object({
        delta: z
          .object({
            role: z.enum(['assistant', '']).nullish(),
            content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
            refusal: z
              .unknown()
              .nullish()
              .transform((value) => (typeof value === 'string' ? value : undefined)),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  function: z.object({ name: z.string().nullish(), arguments: z.string().nullish() }),
                  extra_content: z
                    .object({
                      google: z.object({ thought_signature: z.string().nullish() }).nullish(),
                    })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    ),
    usage,
  });
  const error = z.object({
    error: z.object({
      message: z.string(),
      type: z.string().nullish(),
      param: z.any().nullish(),
      code: z.union([z.string(), z.number()]).nullish(),
    }),
  });
  schema = z.union([base, error]);
  return schema;
}
