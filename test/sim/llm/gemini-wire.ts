import type { Completion } from './create-completion.js';

/** A Gemini `generateContent` request body, as far as the simulator reads it. */
interface GeminiRequest {
  contents?: { role?: string; parts?: GeminiPart[] }[];
  systemInstruction?: { parts?: GeminiPart[] };
  tools?: { functionDeclarations?: { name: string; description?: string; parameters?: unknown }[] }[];
}

interface GeminiPart {
  text?: string;
  functionCall?: { name: string; args?: unknown };
  functionResponse?: { name: string; response?: unknown };
}

/** Gemini's route for a model: `…/models/{model}:streamGenerateContent` or `…:generateContent`. */
export const GEMINI_PATH = /\/models\/([^/:]+):(streamGenerateContent|generateContent)$/;

/**
 * The OpenAI chat-completions body that says what a Gemini request says, so that the simulator's scripts,
 * handlers and default replies read every wire alike: system instruction, user and model turns, function calls
 * (with ids made from their position) and their responses as tool messages, function declarations as tools.
 * @param body - the Gemini request body
 * @param model - the model named in the path
 * @param stream - whether the path asked for a stream
 */
export function geminiToChat(body: unknown, model: string, stream: boolean): Record<string, unknown> {
  const request = (body ?? {}) as GeminiRequest;
  const messages: Record<string, unknown>[] = [];
  const system = (request.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join('');
  if (system !== '') messages.push({ role: 'system', content: system });
  let callCount = 0;
  const pending: string[] = [];
  for (const content of request.contents ?? []) {
    const parts = content.parts ?? [];
    const responses = parts.filter((p) => p.functionResponse !== undefined);
    for (const part of responses)
      messages.push({
        role: 'tool',
        tool_call_id: pending.shift() ?? `gemini_call_${callCount++}`,
        content: JSON.stringify(part.functionResponse!.response ?? null),
      });
    if (responses.length > 0) continue;
    const text = parts.map((p) => p.text ?? '').join('');
    const calls = parts
      .filter((p) => p.functionCall !== undefined)
      .map((p) => {
        const id = `gemini_call_${callCount++}`;
        pending.push(id);
        return {
          id,
          type: 'function',
          function: { name: p.functionCall!.name, arguments: JSON.stringify(p.functionCall!.args ?? {}) },
        };
      });
    messages.push({
      role: content.role === 'model' ? 'assistant' : 'user',
      content: text,
      ...(calls.length > 0 ? { tool_calls: calls } : {}),
    });
  }
  const tools = (request.tools ?? []).flatMap((t) =>
    (t.functionDeclarations ?? []).map((f) => ({
      type: 'function',
      function: { name: f.name, description: f.description, parameters: f.parameters },
    })),
  );
  return { model, stream, messages, ...(tools.length > 0 ? { tools } : {}) };
}

/** Gemini's usage block for a completion's usage. */
function usageMetadata(completion: Completion): Record<string, number> {
  const { usage } = completion;
  const cached = usage.prompt_tokens_details?.cached_tokens;
  return {
    promptTokenCount: usage.prompt_tokens,
    candidatesTokenCount: usage.completion_tokens,
    totalTokenCount: usage.total_tokens,
    ...(cached !== undefined ? { cachedContentTokenCount: cached } : {}),
  };
}

/** Gemini's finish reason for the completion's. */
function finishReason(completion: Completion): string {
  return completion.finishReason === 'length'
    ? 'MAX_TOKENS'
    : completion.finishReason === 'content_filter'
      ? 'SAFETY'
      : 'STOP';
}

/** The function-call parts of a completion (Gemini sends each call whole, with its arguments as an object). */
function callParts(completion: Completion): GeminiPart[] {
  return completion.toolCalls.map((call) => ({
    functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown },
  }));
}

/**
 * The `data:` frames of `streamGenerateContent?alt=sse`: one per text piece, one with the function calls, and a
 * last one with the finish reason and the usage.
 */
export function encodeGeminiStream(completion: Completion): string[] {
  const frame = (parts: GeminiPart[], last: boolean) =>
    `data: ${JSON.stringify({
      candidates: [
        {
          content: { parts, role: 'model' },
          ...(last ? { finishReason: finishReason(completion) } : {}),
          index: 0,
        },
      ],
      ...(last ? { usageMetadata: usageMetadata(completion) } : {}),
      modelVersion: completion.model,
      responseId: completion.id,
    })}\r\n\r\n`;
  const frames = completion.textChunks.map((text) => frame([{ text }], false));
  if (completion.toolCalls.length > 0) frames.push(frame(callParts(completion), false));
  frames.push(frame([{ text: '' }], true));
  return frames;
}

/** The body of a `generateContent` answer (not streamed). */
export function encodeGeminiResponse(completion: Completion): unknown {
  const text = completion.textChunks.join('');
  return {
    candidates: [
      {
        content: { parts: [...(text !== '' ? [{ text }] : []), ...callParts(completion)], role: 'model' },
        finishReason: finishReason(completion),
        index: 0,
      },
    ],
    usageMetadata: usageMetadata(completion),
    modelVersion: completion.model,
    responseId: completion.id,
  };
}

/** Gemini's error body: `{ error: { code, message, status } }`. */
export function geminiErrorBody(status: number, message: string): unknown {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
    504: 'DEADLINE_EXCEEDED',
  };
  return { error: { code: status, message, status: names[status] ?? 'UNKNOWN' } };
}
