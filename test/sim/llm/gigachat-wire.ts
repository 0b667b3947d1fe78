import { randomUUID } from 'node:crypto';
import type { Completion } from './create-completion.js';

/* GigaChat's REST API as the simulator speaks it: OAuth tokens for an authorization key (`POST /api/v2/oauth`,
 * Basic auth, `RqUID`, form `scope`), chat completions at `/api/v1/chat/completions` with functions in the older
 * OpenAI form (`functions`, one `function_call` per assistant message with arguments as an object and a
 * `functions_state_id`, results as `function` messages), usage on the last chunk. */

type Json = Record<string, unknown>;

/** The scopes GigaChat issues tokens for. */
export const GIGACHAT_SCOPES = ['GIGACHAT_API_PERS', 'GIGACHAT_API_B2B', 'GIGACHAT_API_CORP'];

/** GigaChat's error body. */
export function gigachatErrorBody(status: number, message: string): unknown {
  return { status, message };
}

/**
 * Why a request is not GigaChat's (OpenAI's `tools` or `tool` messages, a function result that is not JSON, a call
 * without arguments as an object), or undefined when it is.
 */
export function notGigaChat(body: Json): string | undefined {
  if (body.tools !== undefined || body.tool_choice !== undefined)
    return 'GigaChat takes functions and function_call, not tools.';
  for (const m of (body.messages ?? []) as Json[]) {
    if (m.role === 'tool' || m.tool_calls !== undefined)
      return 'GigaChat messages have no tool role or tool_calls: use function_call and the function role.';
    if (m.role === 'function') {
      if (typeof m.name !== 'string') return 'A function message needs the function name.';
      try {
        JSON.parse(String(m.content));
      } catch {
        return 'The content of a function message must be valid JSON.';
      }
    }
    const call = m.function_call as { arguments?: unknown } | undefined;
    if (call !== undefined && (typeof call.arguments !== 'object' || call.arguments === null))
      return 'function_call.arguments must be an object.';
  }
  return undefined;
}

/**
 * The OpenAI chat-completions body that says what a GigaChat request says, for the simulator's scripts and
 * handlers: functions as tools, function calls as tool calls (ids from `functions_state_id`), results as tool
 * messages.
 */
export function gigachatToChat(body: Json): Json {
  const messages: Json[] = [];
  let lastCallId = '';
  let count = 0;
  for (const m of (body.messages ?? []) as Json[]) {
    const call = m.function_call as { name: string; arguments: unknown } | undefined;
    if (m.role === 'assistant' && call !== undefined) {
      lastCallId =
        typeof m.functions_state_id === 'string' ? m.functions_state_id : `gigachat_call_${count++}`;
      messages.push({
        role: 'assistant',
        content: m.content ?? '',
        tool_calls: [
          {
            id: lastCallId,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          },
        ],
      });
    } else if (m.role === 'function') {
      messages.push({ role: 'tool', tool_call_id: lastCallId, content: m.content });
    } else messages.push({ role: m.role, content: m.content });
  }
  const functions = (body.functions ?? []) as Json[];
  return {
    model: body.model,
    stream: body.stream === true,
    messages,
    ...(functions.length > 0 ? { tools: functions.map((f) => ({ type: 'function', function: f })) } : {}),
  };
}

/** The completion's usage as GigaChat reports it. */
function usage(completion: Completion): Json {
  return {
    prompt_tokens: completion.usage.prompt_tokens,
    completion_tokens: completion.usage.completion_tokens,
    total_tokens: completion.usage.total_tokens,
    precached_prompt_tokens: completion.usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** The function call GigaChat makes (one per message: the first of the completion's). */
function functionCall(completion: Completion): Json | undefined {
  const call = completion.toolCalls[0];
  return call && { name: call.name, arguments: JSON.parse(call.arguments) as unknown };
}

/** The `data:` frames of a streamed GigaChat answer, ending with `data: [DONE]`. */
export function encodeGigaChatStream(completion: Completion): string[] {
  const frame = (delta: Json, finish?: string) =>
    `data: ${JSON.stringify({
      choices: [{ delta, index: 0, ...(finish ? { finish_reason: finish } : {}) }],
      created: completion.created,
      model: completion.model,
      object: 'chat.completion',
      ...(finish ? { usage: usage(completion) } : {}),
    })}\n\n`;
  const frames = completion.textChunks.map((content, i) =>
    frame(i === 0 ? { content, role: 'assistant' } : { content }),
  );
  const call = functionCall(completion);
  if (call)
    frames.push(
      frame({ content: '', role: 'assistant', function_call: call, functions_state_id: randomUUID() }),
    );
  frames.push(frame({ content: '' }, call ? 'function_call' : 'stop'));
  frames.push('data: [DONE]\n\n');
  return frames;
}

/** The body of a GigaChat answer that is not streamed. */
export function encodeGigaChatResponse(completion: Completion): unknown {
  const call = functionCall(completion);
  return {
    choices: [
      {
        message: {
          role: 'assistant',
          content: completion.textChunks.join(''),
          ...(call ? { function_call: call, functions_state_id: randomUUID() } : {}),
        },
        index: 0,
        finish_reason: call ? 'function_call' : 'stop',
      },
    ],
    created: completion.created,
    model: completion.model,
    object: 'chat.completion',
    usage: usage(completion),
  };
}
