import type { SimReply, SimToolCall } from './llm-simulator.js';

const FINISH_REASONS = new Set(['stop', 'tool_calls', 'length', 'content_filter']);

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isDelay(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function optionalString(
  record: Record<string, unknown>,
  key: string,
  path: string,
): Result<string | undefined> {
  const value = record[key];
  if (value === undefined || typeof value === 'string') return { ok: true, value };
  return { ok: false, error: `${path}.${key} must be a string` };
}

function validateToolCall(value: unknown, path: string): Result<SimToolCall> {
  if (!isRecord(value)) return { ok: false, error: `${path} must be an object` };
  if (typeof value.name !== 'string' || value.name === '') {
    return { ok: false, error: `${path}.name must be a non-empty string` };
  }
  const id = optionalString(value, 'id', path);
  if (!id.ok) return id;
  const args = value.arguments ?? {};
  if (typeof args !== 'string' && !isRecord(args)) {
    return { ok: false, error: `${path}.arguments must be an object or a JSON string` };
  }
  return {
    ok: true,
    value: { ...(id.value === undefined ? {} : { id: id.value }), name: value.name, arguments: args },
  };
}

function validateText(value: unknown): Result<string | string[] | undefined> {
  if (value === undefined || typeof value === 'string') return { ok: true, value };
  if (Array.isArray(value) && value.every((piece) => typeof piece === 'string')) {
    return { ok: true, value };
  }
  return { ok: false, error: 'text must be a string or an array of strings' };
}

function validateUsage(value: unknown): Result<SimReply['usage']> {
  if (value === undefined) return { ok: true, value: undefined };
  if (!isRecord(value) || !isCount(value.prompt_tokens) || !isCount(value.completion_tokens)) {
    return {
      ok: false,
      error: 'usage must be { prompt_tokens, completion_tokens } with non-negative integers',
    };
  }
  if (value.cost !== undefined && !isDelay(value.cost)) {
    return { ok: false, error: 'usage.cost must be a non-negative number' };
  }
  if (value.cost_rub !== undefined && !isDelay(value.cost_rub)) {
    return { ok: false, error: 'usage.cost_rub must be a non-negative number' };
  }
  if (value.cached_tokens !== undefined && !isCount(value.cached_tokens)) {
    return { ok: false, error: 'usage.cached_tokens must be a non-negative integer' };
  }
  return {
    ok: true,
    value: {
      prompt_tokens: value.prompt_tokens,
      completion_tokens: value.completion_tokens,
      ...(value.cached_tokens !== undefined ? { cached_tokens: value.cached_tokens } : {}),
      ...(value.cost !== undefined ? { cost: value.cost } : {}),
      ...(value.cost_rub !== undefined ? { cost_rub: value.cost_rub } : {}),
    },
  };
}

function validateError(value: unknown): Result<SimReply['error']> {
  if (value === undefined) return { ok: true, value: undefined };
  if (!isRecord(value)) return { ok: false, error: 'error must be an object' };
  const { status } = value;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
    return { ok: false, error: 'error.status must be an HTTP status between 200 and 599' };
  }
  const error: NonNullable<SimReply['error']> = { status };
  for (const key of ['message', 'type', 'code'] as const) {
    const field = optionalString(value, key, 'error');
    if (!field.ok) return field;
    if (field.value !== undefined) error[key] = field.value;
  }
  return { ok: true, value: error };
}

/**
 * Loosely validates an untrusted value (the JSON of a `[[sim:…]]` directive) as a {@link SimReply}.
 * Unknown keys are ignored; a known key with the wrong type yields an error message naming it.
 */
export function validateSimReply(value: unknown): Result<SimReply> {
  if (!isRecord(value)) return { ok: false, error: 'the directive must be a JSON object' };
  const reply: SimReply = {};

  const text = validateText(value.text);
  if (!text.ok) return text;
  if (text.value !== undefined) reply.text = text.value;

  if (value.toolCalls !== undefined) {
    if (!Array.isArray(value.toolCalls)) return { ok: false, error: 'toolCalls must be an array' };
    const toolCalls: SimToolCall[] = [];
    for (const [index, call] of (value.toolCalls as unknown[]).entries()) {
      const toolCall = validateToolCall(call, `toolCalls[${index}]`);
      if (!toolCall.ok) return toolCall;
      toolCalls.push(toolCall.value);
    }
    reply.toolCalls = toolCalls;
  }

  if (value.finishReason !== undefined) {
    if (typeof value.finishReason !== 'string' || !FINISH_REASONS.has(value.finishReason)) {
      return { ok: false, error: `finishReason must be one of ${[...FINISH_REASONS].join(', ')}` };
    }
    reply.finishReason = value.finishReason as NonNullable<SimReply['finishReason']>;
  }

  const usage = validateUsage(value.usage);
  if (!usage.ok) return usage;
  if (usage.value !== undefined) reply.usage = usage.value;

  const error = validateError(value.error);
  if (!error.ok) return error;
  if (error.value !== undefined) reply.error = error.value;

  for (const key of ['firstChunkDelayMs', 'chunkDelayMs'] as const) {
    const delay = value[key];
    if (delay === undefined) continue;
    if (!isDelay(delay)) return { ok: false, error: `${key} must be a non-negative number` };
    reply[key] = delay;
  }
  for (const key of ['cutAfterChunks', 'hangAfterChunks', 'streamErrorAfterChunks'] as const) {
    const count = value[key];
    if (count === undefined) continue;
    if (!isCount(count)) return { ok: false, error: `${key} must be a non-negative integer` };
    reply[key] = count;
  }
  return { ok: true, value: reply };
}
