import { secureJsonParse } from './secure-json-parse.js';
import type { ProviderModel } from './create-language-model.js';

/** The options of one call of a model (`LanguageModelV3CallOptions`). */
export type CallOptions = Parameters<ProviderModel['doStream']>[0];
type Message = CallOptions['prompt'][number];
type Warning = Extract<
  Awaited<ReturnType<ProviderModel['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never,
  { type: 'stream-start' }
>['warnings'][number];

/** A chat-completions request body and the warnings the call gets, as the AI SDK builds them. */
export interface ChatCompletionsArgs {
  /** The body, keys in the AI SDK's order (undefined values are left out by `JSON.stringify`). */
  readonly body: Record<string, unknown>;
  readonly warnings: Warning[];
}

/**
 * Builds the chat-completions request body for a call exactly as the AI SDK's `OpenAICompatibleChatLanguageModel`
 * (`@ai-sdk/openai-compatible` 2.0.92, `getArgs` and `convertToOpenAICompatibleChatMessages`) does, so that
 * `JSON.stringify` of it is byte for byte the body the AI SDK would send. Returns undefined for what it does not
 * build, which the caller leaves to the AI SDK's own model: provider options for the provider
 * (`openaiCompatible`, `openai-compatible` or the provider's name: they are validated and merged into the body),
 * a JSON response format, a user file that is not an image (audio, PDF, text files: the AI SDK converts or refuses
 * them), an unknown tool choice or role.
 * @param options - the call's options
 * @param name - the provider's name (`openai`, `polza`…), whose provider options it would read
 * @param modelId - the model id
 */
export function chatCompletionsArgs(
  options: CallOptions,
  name: string,
  modelId: string,
): ChatCompletionsArgs | undefined {
  const { providerOptions, toolChoice } = options;
  if (providerOptions != null) {
    for (const key of ['openai-compatible', 'openaiCompatible', name, toCamelCase(name)])
      if (providerOptions[key] != null) return undefined;
  }
  if (options.responseFormat?.type === 'json') return undefined;
  if (toolChoice != null && !['auto', 'none', 'required', 'tool'].includes(toolChoice.type)) return undefined;
  const messages = convertMessages(options.prompt);
  if (messages === undefined) return undefined;

  const warnings: Warning[] = [];
  if (options.topK != null) warnings.push({ type: 'unsupported', feature: 'topK' });
  let tools: unknown[] | undefined;
  let choice: unknown;
  if (options.tools?.length) {
    tools = [];
    for (const tool of options.tools) {
      if (tool.type === 'provider') {
        warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
        continue;
      }
      tools.push({
        type: 'function',
        function: {
          name: tool.name,
          description: tool.description,
          parameters: tool.inputSchema,
          ...(tool.strict != null ? { strict: tool.strict } : {}),
        },
      });
    }
    if (toolChoice != null)
      choice =
        toolChoice.type === 'tool'
          ? { type: 'function', function: { name: toolChoice.toolName } }
          : toolChoice.type;
  }
  return {
    body: {
      model: modelId,
      user: undefined,
      max_tokens: options.maxOutputTokens,
      temperature: options.temperature,
      top_p: options.topP,
      frequency_penalty: options.frequencyPenalty,
      presence_penalty: options.presencePenalty,
      response_format: undefined,
      stop: options.stopSequences,
      seed: options.seed,
      verbosity: undefined,
      messages,
      tools,
      tool_choice: choice,
    },
    warnings,
  };
}

function toCamelCase(s: string): string {
  return s.replace(/[_-]([a-z])/g, (g) => g[1]!.toUpperCase());
}

/** `providerOptions.openaiCompatible` of a message or part: extra keys it puts on the wire object. */
function extra(o: { providerOptions?: Record<string, unknown> | undefined }): object {
  return (o.providerOptions?.openaiCompatible as object | undefined) ?? {};
}

/** The AI SDK's `convertToOpenAICompatibleChatMessages`; undefined for a part it leaves to the AI SDK. */
function convertMessages(prompt: readonly Message[]): unknown[] | undefined {
  const messages: unknown[] = [];
  for (const m of prompt) {
    switch (m.role) {
      case 'system':
        messages.push({ role: 'system', content: m.content, ...extra(m) });
        break;
      case 'user': {
        const content = m.content;
        const only = content.length === 1 ? content[0]! : undefined;
        if (only?.type === 'text') {
          messages.push({ role: 'user', content: only.text, ...extra(only) });
          break;
        }
        const parts: unknown[] = [];
        for (const part of content) {
          if (part.type === 'text') {
            parts.push({ type: 'text', text: part.text, ...extra(part) });
            continue;
          }
          if (!part.mediaType.startsWith('image/')) return undefined;
          const mediaType = part.mediaType === 'image/*' ? 'image/jpeg' : part.mediaType;
          const data = part.data;
          const url =
            data instanceof URL
              ? data.toString()
              : `data:${mediaType};base64,${data instanceof Uint8Array ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') : data}`;
          parts.push({ type: 'image_url', image_url: { url }, ...extra(part) });
        }
        messages.push({ role: 'user', content: parts, ...extra(m) });
        break;
      }
      case 'assistant': {
        let text = '';
        let reasoning = '';
        const calls: unknown[] = [];
        for (const part of m.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'reasoning') reasoning += part.text;
          else if (part.type === 'tool-call') {
            const signature = (part.providerOptions?.google as { thoughtSignature?: unknown } | undefined)
              ?.thoughtSignature;
            calls.push({
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: toolCallArguments(part.input) },
              ...extra(part),
              ...(signature
                ? // eslint-disable-next-line @typescript-eslint/no-base-to-string -- the AI SDK's own String(…)
                  { extra_content: { google: { thought_signature: String(signature) } } }
                : {}),
            });
          }
        }
        messages.push({
          role: 'assistant',
          content: calls.length > 0 ? text || null : text,
          ...(reasoning.length > 0 ? { reasoning_content: reasoning } : {}),
          tool_calls: calls.length > 0 ? calls : undefined,
          ...extra(m),
        });
        break;
      }
      case 'tool':
        for (const result of m.content) {
          if (result.type === 'tool-approval-response') continue;
          const output = result.output;
          let content: string | undefined;
          switch (output.type) {
            case 'text':
            case 'error-text':
              content = output.value;
              break;
            case 'execution-denied':
              content = output.reason ?? 'Tool call execution denied.';
              break;
            case 'content':
            case 'json':
            case 'error-json':
              content = stringifyJson(output.value);
              break;
          }
          messages.push({ role: 'tool', tool_call_id: result.toolCallId, content, ...extra(result) });
        }
        break;
      default:
        return undefined;
    }
  }
  return messages;
}

/** The AI SDK's `serializeToolCallArguments`: a JSON string as it is, anything else as JSON. */
function toolCallArguments(input: unknown): string {
  if (typeof input === 'string') {
    try {
      secureJsonParse(input);
      return input;
    } catch {
      return JSON.stringify(input);
    }
  }
  return stringifyJson(input)!;
}

/**
 * The AI SDK's `stringifyWithBigIntAndCycles`: plain `JSON.stringify` when it succeeds (then the output is the
 * same), its replacer (bigints as strings, cycles as "[Circular]") only for a value it throws on.
 */
function stringifyJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    const ancestors: unknown[] = [];
    return JSON.stringify(value, function (this: unknown, _key: string, v: unknown) {
      if (typeof v === 'bigint') return v.toString();
      if (typeof v !== 'object' || v === null) return v;
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(v)) return '[Circular]';
      ancestors.push(v);
      return v;
    });
  }
}
