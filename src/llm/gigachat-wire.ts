import { randomUUID } from 'node:crypto';

/* GigaChat's chat completions are OpenAI's, except for function calling, which is the older OpenAI form:
 * `functions` + `function_call` in the request, one `function_call` (arguments as an object) per assistant
 * message with its `functions_state_id`, and results as `function` messages. These translate one to the other. */

type Json = Record<string, unknown>;

interface OpenAiToolCall {
  id: string;
  function: { name: string; arguments: string };
}

/** A tool result as GigaChat takes it: a JSON document (text that is not JSON is wrapped). */
function functionContent(content: unknown): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content ?? null);
  try {
    JSON.parse(text);
    return text;
  } catch {
    return JSON.stringify({ result: text });
  }
}

/** Parses tool-call arguments (a JSON string) into the object GigaChat expects; `{}` when they are not JSON. */
function argumentsObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
}

/** Whether an id came from GigaChat (`functions_state_id` is a UUID) and can go back to it. */
const isStateId = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * An OpenAI chat-completions request body as GigaChat takes it: `tools` → `functions`, `tool_choice` →
 * `function_call`, each tool call an assistant message of its own followed by its `function` result (GigaChat pairs
 * them one by one), `stream_options` dropped.
 * @param body - the body the AI SDK's OpenAI-compatible provider made
 */
export function toGigaChatRequest(body: Json): Json {
  const { tools, tool_choice: toolChoice, stream_options: _streamOptions, messages, ...rest } = body;
  const out: Json = { ...rest };
  if (Array.isArray(tools) && tools.length > 0) {
    out.functions = (tools as { function: Json }[]).map(({ function: f }) => ({
      name: f.name,
      description: f.description,
      parameters: f.parameters,
    }));
    out.function_call =
      toolChoice === 'none'
        ? 'none'
        : typeof toolChoice === 'object' && toolChoice !== null
          ? { name: (toolChoice as { function: { name: string } }).function.name }
          : 'auto';
  }
  const list = Array.isArray(messages) ? (messages as Json[]) : [];
  const results = new Map<string, Json>();
  for (const m of list) if (m.role === 'tool') results.set(String(m.tool_call_id), m);
  const converted: Json[] = [];
  for (const m of list) {
    if (m.role === 'tool') continue;
    const calls =
      m.role === 'assistant' && Array.isArray(m.tool_calls) ? (m.tool_calls as OpenAiToolCall[]) : [];
    if (calls.length === 0) {
      converted.push({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : (m.content ?? ''),
      });
      continue;
    }
    calls.forEach((call, index) => {
      converted.push({
        role: 'assistant',
        content: index === 0 && typeof m.content === 'string' ? m.content : '',
        function_call: { name: call.function.name, arguments: argumentsObject(call.function.arguments) },
        ...(isStateId(call.id) ? { functions_state_id: call.id } : {}),
      });
      const result = results.get(call.id);
      if (result)
        converted.push({
          role: 'function',
          name: call.function.name,
          content: functionContent(result.content),
        });
    });
  }
  out.messages = converted;
  return out;
}

/**
 * A GigaChat response body or stream chunk in OpenAI's form: a `function_call` (message or delta) becomes one
 * tool call whose id is its `functions_state_id`, finish reason `function_call` becomes `tool_calls`.
 * @param chunk - a parsed response body or `data:` chunk
 */
export function fromGigaChatResponse(chunk: Json): Json {
  const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
  return {
    ...chunk,
    choices: choices.map((choice) => {
      const key = choice.delta !== undefined ? 'delta' : 'message';
      const message = (choice[key] ?? {}) as Json;
      const { function_call: call, functions_state_id: stateId, ...restMessage } = message;
      const fc = call as { name?: string; arguments?: unknown } | undefined;
      const next: Json = { ...choice, [key]: restMessage };
      if (fc?.name !== undefined) {
        const args = typeof fc.arguments === 'string' ? fc.arguments : JSON.stringify(fc.arguments ?? {});
        next[key] = {
          ...restMessage,
          tool_calls: [
            {
              ...(key === 'delta' ? { index: 0 } : {}),
              id: typeof stateId === 'string' && stateId !== '' ? stateId : randomUUID(),
              type: 'function',
              function: { name: fc.name, arguments: args },
            },
          ],
        };
      }
      if (choice.finish_reason === 'function_call') next.finish_reason = 'tool_calls';
      return next;
    }),
  };
}
